import json, time, base64, urllib.request, statistics, datetime, sys
B='http://127.0.0.1:8080'
def call(method, path, key, body=None):
    req = urllib.request.Request(B+path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={'Content-Type':'application/json','Authorization':'Basic '+base64.b64encode((key+':').encode()).decode()})
    with urllib.request.urlopen(req) as r: return json.loads(r.read() or b'{}')
org = call('POST','/api/v1/system/organization/','devtoken',{'name':'M','admin':{'email':'m@m.test'}})
admin = org['api_key']['key']; orgid = org['organization']['id']
ingest = call('POST','/api/v1/system/ingest_key/','devtoken',{})['key']
subs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
for i in range(subs):
    call('POST','/api/v1/webhook/',admin,{'url':'http://127.0.0.1:18999/h%d'%i,'events':[{'object_type':'lead','action':'created'}]})
def ev(i): return {'organization_id':orgid,'object_type':'lead','object_id':'lead_%d'%i,'action':'created','data':{'id':'lead_%d'%i,'name':'x'*1200}}
def received(): return open('/tmp/eventlog-received.log').read().splitlines()
# latency: one event at a time, 200 events ~ 20/s
open('/tmp/eventlog-received.log','w').close()
for i in range(200):
    call('POST','/api/v1/internal/event/',ingest,[ev(i)]); time.sleep(0.05)
deadline=time.time()+60
while len(received()) < 200*subs and time.time()<deadline: time.sleep(0.2)
lat=[]
for line in received():
    t, _, dc = line.split(' ')
    created = datetime.datetime.fromisoformat(dc).replace(tzinfo=datetime.timezone.utc).timestamp()
    lat.append((float(t)-created)*1000)
lat.sort()
q=lambda p: lat[min(len(lat)-1,int(p*len(lat)))]
print('latency ms (ingest accepted -> webhook received), n=%d: p50=%.1f p95=%.1f p99=%.1f max=%.1f' % (len(lat), q(.5), q(.95), q(.99), lat[-1]))
# throughput: 10,000 events in batches of 500
open('/tmp/eventlog-received.log','w').close()
N=10000; t0=time.time()
for b in range(N//500):
    call('POST','/api/v1/internal/event/',ingest,[ev(1000+b*500+i) for i in range(500)])
t1=time.time()
deadline=time.time()+300
while len(received()) < N*subs and time.time()<deadline: time.sleep(0.5)
t2=time.time()
print('throughput: %d events x %d subscriptions, ingest %.1fs, all %d deliveries received after %.1fs => %.0f deliveries/s' % (N, subs, t1-t0, len(received()), t2-t0, len(received())/(t2-t0)))
