package org.tanji.gateway.label.render;

import java.util.concurrent.atomic.AtomicReferenceArray;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;

/**
 * Chooses a QR code's data mask the way ISO/IEC 18004 (7.8.3) asks: the one of the eight patterns
 * whose symbol scores the lowest penalty (runs of one colour, 2×2 blocks, finder-like 1:1:3:1:1
 * patterns next to four light modules, dark/light balance; the first pattern wins a tie).
 *
 * <p>ZXing builds and scores each of the eight symbols on a {@code byte[][]}, which was nine tenths of
 * the time of a label's PNG. Here the symbol is encoded once (with mask 0); the other seven differ from
 * it only in the data modules and the format information, so each is one XOR with a per-version table
 * plus fifteen format bits. Rows and columns are kept as bit sets (64 modules a word), and each rule is
 * a few shifts, ANDs and bit counts per word.
 */
final class QrMasking {
    /** The data mask the symbol is first encoded with, which {@link #choose} then replaces. */
    static final int ENCODED_MASK = 0;
    private static final int MASKS = 8;
    private static final int FORMAT_GENERATOR = 0x537;
    private static final int FORMAT_XOR = 0x5412;
    /** Format information next to the top-left finder, bit 0 first, as (x, y). */
    private static final int[][] FORMAT_TOP_LEFT = {{8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8},
            {7, 8}, {5, 8}, {4, 8}, {3, 8}, {2, 8}, {1, 8}, {0, 8}};
    private static final AtomicReferenceArray<Layout> LAYOUTS = new AtomicReferenceArray<>(41);

    private QrMasking() {
    }

    /**
     * The symbol of {@code encoded} (as ZXing's encoder made it with mask {@link #ENCODED_MASK}) under
     * the mask of lowest penalty.
     */
    static Choice choose(ByteMatrix encoded, Version version, ErrorCorrectionLevel level) {
        Layout layout = layout(version);
        int n = layout.size;
        int w = layout.words;
        if (encoded.getWidth() != n) {
            throw new IllegalArgumentException("a version " + version.getVersionNumber() + " symbol is " + n + " modules wide");
        }
        long[] baseRows = new long[n * w];
        long[] baseColumns = new long[n * w];
        byte[][] modules = encoded.getArray();
        for (int y = 0; y < n; y++) {
            byte[] row = modules[y];
            for (int x = 0; x < n; x++) {
                long dark = row[x] & 1L;
                baseRows[y * w + (x >>> 6)] |= dark << x;
                baseColumns[x * w + (y >>> 6)] |= dark << y;
            }
        }
        long[] rows = new long[n * w];
        long[] columns = new long[n * w];
        long[] best = null;
        int bestMask = -1;
        int bestPenalty = Integer.MAX_VALUE;
        for (int mask = 0; mask < MASKS; mask++) {
            long[] flipRows = layout.flipRows[mask];
            long[] flipColumns = layout.flipColumns[mask];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = baseRows[i] ^ flipRows[i];
                columns[i] = baseColumns[i] ^ flipColumns[i];
            }
            int format = formatBits(level, mask);
            for (int i = 0; i < 15; i++) {
                long bit = format >>> i & 1;
                set(rows, columns, w, layout.formatFirst[i], bit);
                set(rows, columns, w, layout.formatSecond[i], bit);
            }
            int penalty = penalty(rows, columns, n, w);
            if (penalty < bestPenalty) {
                bestPenalty = penalty;
                bestMask = mask;
                best = rows.clone();
            }
        }
        return new Choice(best, n, w, bestMask, bestPenalty);
    }

    /** The chosen symbol and its mask. */
    record Choice(long[] rows, int size, int words, int mask, int penalty) {
        boolean dark(int x, int y) {
            return (rows[y * words + (x >>> 6)] >>> x & 1) != 0;
        }
    }

    /** The 15 format bits (error correction level and mask, BCH(15,5) protected, XOR-masked). */
    static int formatBits(ErrorCorrectionLevel level, int mask) {
        int data = level.getBits() << 3 | mask;
        int remainder = data << 10;
        for (int bit = 14; bit >= 10; bit--) {
            if ((remainder >>> bit & 1) != 0) {
                remainder ^= FORMAT_GENERATOR << (bit - 10);
            }
        }
        return (data << 10 | remainder) ^ FORMAT_XOR;
    }

    /** Sets the module at {@code xy} (x in the low 16 bits, y above) to {@code bit} in both views. */
    private static void set(long[] rows, long[] columns, int w, int xy, long bit) {
        int x = xy & 0xFFFF;
        int y = xy >>> 16;
        int r = y * w + (x >>> 6);
        rows[r] = rows[r] & ~(1L << x) | bit << x;
        int c = x * w + (y >>> 6);
        columns[c] = columns[c] & ~(1L << y) | bit << y;
    }

    /** The four penalty rules of ISO/IEC 18004 7.8.3.1, summed, of the symbol given by rows and by columns. */
    static int penalty(long[] rows, long[] columns, int n, int w) {
        int dark = 0;
        int blocks = 0;
        for (int y = 0; y < n; y++) {
            int a = y * w;
            for (int i = 0; i < w; i++) {
                dark += Long.bitCount(rows[a + i]);
                if (y + 1 < n) {
                    int b = a + w;
                    long top = rows[a + i];
                    long bottom = rows[b + i];
                    // a 2x2 block at x: top x = top x+1 = bottom x = bottom x+1
                    long same = ~(top ^ bottom) & ~(top ^ shr(rows, a, w, i, 1)) & ~(bottom ^ shr(rows, b, w, i, 1));
                    blocks += Long.bitCount(same & below(i, n - 1));
                }
            }
        }
        int total = n * n;
        int balance = Math.abs(dark * 2 - total) * 10 / total * 10;
        return lines(rows, n, w) + lines(columns, n, w) + blocks * 3 + balance;
    }

    /**
     * Rules 1 and 3 along each line of {@code bits}: 3 + (k − 5) for each run of k ≥ 5 modules of one
     * colour, and 40 for each dark-light-dark×3-light-dark pattern with four light modules before or after
     * it. Those four must lie inside the symbol, as ZXing 3.5 scores it (the quiet zone does not count),
     * so the choice is the one ZXing's encoder makes.
     */
    private static int lines(long[] bits, int n, int w) {
        int runs = 0;
        int patterns = 0;
        for (int line = 0; line < n; line++) {
            int a = line * w;
            for (int i = 0; i < w; i++) {
                long r = bits[a + i];
                long s1 = shr(bits, a, w, i, 1);
                long s2 = shr(bits, a, w, i, 2);
                long s3 = shr(bits, a, w, i, 3);
                long s4 = shr(bits, a, w, i, 4);
                // x starts five modules of one colour; a run of k >= 5 has k - 4 such starts, and one of
                // them also starts the run: (k - 4) + 2 = 3 + (k - 5)
                long five = ((r & s1 & s2 & s3 & s4) | ~(r | s1 | s2 | s3 | s4)) & below(i, n - 4);
                long runStart = r ^ shl(bits, a, i, 1);
                if (i == 0) {
                    runStart |= 1L;
                }
                runs += Long.bitCount(five) + 2 * Long.bitCount(five & runStart);
                long s5 = shr(bits, a, w, i, 5);
                long s6 = shr(bits, a, w, i, 6);
                long finder = r & ~s1 & s2 & s3 & s4 & ~s5 & s6 & below(i, n - 6);
                if (finder != 0) {
                    long lightBefore = ~(shl(bits, a, i, 1) | shl(bits, a, i, 2) | shl(bits, a, i, 3) | shl(bits, a, i, 4));
                    if (i == 0) {
                        lightBefore &= ~0xFL;
                    }
                    long lightAfter = ~(shr(bits, a, w, i, 7) | shr(bits, a, w, i, 8) | shr(bits, a, w, i, 9)
                            | shr(bits, a, w, i, 10)) & below(i, n - 10);
                    patterns += Long.bitCount(finder & (lightBefore | lightAfter));
                }
            }
        }
        return runs + patterns * 40;
    }

    /** Word {@code i} of the line at {@code at}, moved {@code k} modules towards x = 0 (bit x holds module x + k). */
    private static long shr(long[] bits, int at, int w, int i, int k) {
        long v = bits[at + i] >>> k;
        return i + 1 < w ? v | bits[at + i + 1] << (64 - k) : v;
    }

    /** Word {@code i} of the line at {@code at}, moved {@code k} modules away from x = 0 (bit x holds module x - k). */
    private static long shl(long[] bits, int at, int i, int k) {
        long v = bits[at + i] << k;
        return i > 0 ? v | bits[at + i - 1] >>> (64 - k) : v;
    }

    /** The bits of word {@code i} for modules x < limit. */
    private static long below(int i, int limit) {
        int low = i * 64;
        if (limit <= low) {
            return 0;
        }
        return limit - low >= 64 ? -1L : (1L << (limit - low)) - 1;
    }

    private static Layout layout(Version version) {
        int number = version.getVersionNumber();
        Layout layout = LAYOUTS.get(number);
        if (layout == null) {
            layout = new Layout(version);
            LAYOUTS.compareAndSet(number, null, layout);
        }
        return layout;
    }

    /** Where a version's data modules and format information are, and each mask's flips from mask 0. */
    private static final class Layout {
        final int size;
        final int words;
        final long[][] flipRows = new long[MASKS][];
        final long[][] flipColumns = new long[MASKS][];
        /** Format bit i's module, as x | y << 16. */
        final int[] formatFirst = new int[15];
        final int[] formatSecond = new int[15];

        Layout(Version version) {
            int n = version.getDimensionForVersion();
            size = n;
            words = (n + 63) / 64;
            boolean[] function = new boolean[n * n];
            // finder patterns with their separators and the format information (and the dark module)
            mark(function, n, 0, 0, 9, 9);
            mark(function, n, n - 8, 0, 8, 9);
            mark(function, n, 0, n - 8, 9, 8);
            // timing patterns
            mark(function, n, 0, 6, n, 1);
            mark(function, n, 6, 0, 1, n);
            int[] centres = version.getAlignmentPatternCenters();
            for (int cy : centres) {
                for (int cx : centres) {
                    boolean onFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == n - 7) || (cx == n - 7 && cy == 6);
                    if (!onFinder) {
                        mark(function, n, cx - 2, cy - 2, 5, 5);
                    }
                }
            }
            if (version.getVersionNumber() >= 7) {
                mark(function, n, n - 11, 0, 3, 6);
                mark(function, n, 0, n - 11, 6, 3);
            }
            for (int mask = 0; mask < MASKS; mask++) {
                long[] rows = new long[n * words];
                long[] columns = new long[n * words];
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        if (!function[y * n + x] && maskBit(mask, x, y) != maskBit(ENCODED_MASK, x, y)) {
                            rows[y * words + (x >>> 6)] |= 1L << x;
                            columns[x * words + (y >>> 6)] |= 1L << y;
                        }
                    }
                }
                flipRows[mask] = rows;
                flipColumns[mask] = columns;
            }
            for (int i = 0; i < 15; i++) {
                formatFirst[i] = FORMAT_TOP_LEFT[i][0] | FORMAT_TOP_LEFT[i][1] << 16;
                formatSecond[i] = i < 8 ? (n - 1 - i) | 8 << 16 : 8 | (n - 15 + i) << 16;
            }
        }

        private static void mark(boolean[] function, int n, int left, int top, int width, int height) {
            for (int y = top; y < top + height; y++) {
                for (int x = left; x < left + width; x++) {
                    function[y * n + x] = true;
                }
            }
        }
    }

    /** Whether data mask {@code mask} inverts the module at column x, row y (ISO/IEC 18004 table 10). */
    static boolean maskBit(int mask, int x, int y) {
        return switch (mask) {
            case 0 -> (x + y) % 2 == 0;
            case 1 -> y % 2 == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (x + y) % 3 == 0;
            case 4 -> (y / 2 + x / 3) % 2 == 0;
            case 5 -> (x * y) % 2 + (x * y) % 3 == 0;
            case 6 -> ((x * y) % 2 + (x * y) % 3) % 2 == 0;
            case 7 -> ((x + y) % 2 + (x * y) % 3) % 2 == 0;
            default -> throw new IllegalArgumentException("no data mask " + mask);
        };
    }
}
