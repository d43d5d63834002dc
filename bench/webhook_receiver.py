import http.server, socketserver, time, json, sys, threading
log = open('/tmp/eventlog-received.log', 'a')
lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0)); body = self.rfile.read(n)
        t = time.time()
        ev = json.loads(body)['event']
        with lock:
            log.write('%f %s %s\n' % (t, ev['id'], ev['date_created'])); log.flush()
        self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
S(('127.0.0.1', 18999), H).serve_forever()
