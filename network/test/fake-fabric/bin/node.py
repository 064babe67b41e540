#!/usr/bin/env python3
# FAKE Fabric node for testing the network scripts only: listens on the ports given in the
# environment and answers 200 on /healthz. It implements no Fabric protocol at all.
import os, sys, socket, threading, http.server, signal
role = 'orderer' if os.path.basename(sys.argv[0]) == 'orderer' else 'peer'
if len(sys.argv) > 1 and sys.argv[1] == 'peer-node': sys.argv = [sys.argv[0]] + sys.argv[2:]
if role == 'orderer':
    lp = int(os.environ['ORDERER_GENERAL_LISTENPORT'])
    adm = int(os.environ['ORDERER_ADMIN_LISTENADDRESS'].split(':')[1])
    ops = int(os.environ['ORDERER_OPERATIONS_LISTENADDRESS'].split(':')[1])
    for v in ['ORDERER_FILELEDGER_LOCATION','ORDERER_CONSENSUS_WALDIR','FABRIC_CFG_PATH','ORDERER_GENERAL_LOCALMSPDIR']:
        assert os.environ.get(v), v
    plain = [lp, adm]
else:
    assert sys.argv[1:] == ['node','start'], sys.argv
    assert os.environ.get('CORE_VM_ENDPOINT', 'unset') == '', 'CORE_VM_ENDPOINT must be empty'
    lp = int(os.environ['CORE_PEER_LISTENADDRESS'].split(':')[1])
    cc = int(os.environ['CORE_PEER_CHAINCODELISTENADDRESS'].split(':')[1])
    ops = int(os.environ['CORE_OPERATIONS_LISTENADDRESS'].split(':')[1])
    plain = [lp, cc]
print(role, 'env ok', flush=True)
def drain(sock):
    while True:
        c, _ = sock.accept(); c.close()
for p in plain:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', p)); s.listen(5)
    threading.Thread(target=drain, args=(s,), daemon=True).start()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b'{"status":"OK"}')
    def log_message(self, *a): pass
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
http.server.HTTPServer(('127.0.0.1', ops), H).serve_forever()
