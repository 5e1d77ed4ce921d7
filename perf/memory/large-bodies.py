#!/usr/bin/env python3
"""RSS of a real silo process while N clients each send one large JSON inference body at once.

Starts the silo executable (dotnet <ServingFabric.Silo.dll>) on free loopback ports with a temporary model repository
seeded with the sample model, samples /proc/<pid>/status VmRSS every 50 ms, sends N concurrent bodies of about SIZE_MB
megabytes (an FP32 tensor for the sample model's "input"), and prints the baseline, the peak, the RSS 15 s after the
burst, and each request's status. Usage: large-bodies.py <silo.dll> [clients=8] [size_mb=60] [extra silo args...]
"""
import http.client, json, os, random, socket, subprocess, sys, tempfile, threading, time

dll = sys.argv[1]
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
size_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 60
extra = sys.argv[4:]

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

http_port, silo_port, gw_port = free_port(), free_port(), free_port()
repo = tempfile.mkdtemp(prefix="sf-rss-")
proc = subprocess.Popen(["dotnet", dll,
    f"--ServingFabric:Gateway:Url=http://127.0.0.1:{http_port}", f"--ServingFabric:ModelRepository:Path={repo}",
    f"--ServingFabric:Silo:SiloPort={silo_port}", f"--ServingFabric:Silo:GatewayPort={gw_port}", "--ServingFabric:Gateway:GrpcUrl=",
    "--Logging:LogLevel:Default=Warning", *extra],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    deadline = time.time() + 120
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5); c.request("GET", "/v2/health/ready")
            if c.getresponse().status == 200: break
        except OSError: pass
        if time.time() > deadline: sys.exit("silo never became ready")
        time.sleep(0.5)

    rng = random.Random(17)
    values, total, parts = [], 0, []
    while total < size_mb * 1_000_000 - 100:
        v = f"{rng.random():.6f}"; parts.append(v); total += len(v) + 1
    parts = parts[: len(parts) // 4 * 4]
    body = ('{"inputs":[{"name":"input","datatype":"FP32","shape":[%d,4],"data":[%s]}]}' % (len(parts) // 4, ",".join(parts))).encode()
    del parts

    time.sleep(3)
    baseline = rss_mb(proc.pid)
    peak, stop = [baseline], threading.Event()
    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb(proc.pid)); time.sleep(0.05)
    sampler = threading.Thread(target=sample); sampler.start()

    results = []
    def send():
        try:
            c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=300)
            c.request("POST", "/v2/models/iris/infer", body, {"Content-Type": "application/json"})
            r = c.getresponse(); text = r.read()
            results.append((r.status, text[:160].decode(errors="replace")))
        except Exception as e:
            results.append((0, repr(e)))
    started = time.time()
    threads = [threading.Thread(target=send) for _ in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    elapsed = time.time() - started
    time.sleep(15)
    stop.set(); sampler.join()
    after = rss_mb(proc.pid)
    c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
    c.request("POST", "/v2/models/iris/infer", b'{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}', {"Content-Type": "application/json"})
    normal = c.getresponse().status
    c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30); c.request("GET", "/metrics")
    gc_lines = [l for l in c.getresponse().read().decode(errors="replace").splitlines()
                if not l.startswith("#") and ("gc_heap_size" in l or "gc_last_collection_heap_size" in l or "committed" in l)]
    print(json.dumps({"clients": clients, "body_bytes": len(body), "baseline_rss_mb": round(baseline), "peak_rss_mb": round(peak[0]),
        "rss_15s_after_mb": round(after), "burst_seconds": round(elapsed, 1), "normal_infer_after": normal, "gc_after": gc_lines[:12],
        "statuses": sorted(s for s, _ in results), "first_answers": sorted(set(t for _, t in results))[:3]}, indent=1))
finally:
    proc.terminate()
    try: proc.wait(30)
    except subprocess.TimeoutExpired: proc.kill()
