package org.tanji.gateway.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless at phone width, driven through Debian's chromedriver with Selenium.
 * Both are installed when missing and we are root (see {@link DebianPackages}).
 */
final class HeadlessChromium implements AutoCloseable {
    static final int WIDTH = 390;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static HeadlessChromium start() throws IOException, InterruptedException {
        Path chromium = DebianPackages.require("chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path chromedriver = DebianPackages.require("chromium-driver", "/usr/bin/chromedriver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--window-size=600,1100");
        // New headless windows are at least 500 px wide: a phone's viewport is emulated instead.
        options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                java.util.Map.of("width", WIDTH, "height", 844, "pixelRatio", 1.0, "mobile", true)));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new HeadlessChromium(driver);
    }

    /** Loads a page (loopback only) and returns its DOM as Chromium serialises it. */
    String open(String url) {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("pages are tested on loopback only");
        }
        driver.get(url);
        return driver.getPageSource();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The viewport's pixels now, as PNG, kept under {@code gateway/target/} for the test report. */
    Path screenshot(String name) throws IOException {
        Path file = Path.of("target", "browser-screenshots", name);
        Files.createDirectories(file.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
