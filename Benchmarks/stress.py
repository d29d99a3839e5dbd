#!/usr/bin/env python3
"""Long reliability runs against `shout server` with its TUI live (in a tmux session), on loopback only.

Phases, one after another on the same server process (each bounded in time, the whole run stops by itself):
  mixed     M minutes of UDP, persistent TCP and one-shot TCP load at once (shout bench); RSS sampled each second
  ports     1,000,000 datagrams from 100,000 distinct source ports; every reply checked
  pushers   100 TCP peers that send without ever reading, each trying to push 100 MB
  churn     connect/close cycles for 30 s: the C loadgen's one-shot mode (connect, one line, reply, close) on 8
            connections at once, beside a Python process that connects and resets (SO_LINGER 0) as fast as it can
Then: is the server alive, does it still answer, are its file descriptors back to the baseline?
Prints a markdown report for RELIABILITY.md.
"""
import argparse
import json
import multiprocessing
import os
import selectors
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOUT = os.path.join(ROOT, ".build", "release", "shout")
TMUX = ["tmux", "-L", "shout-stress"]


def status_kib(pid, field):
    """One memory figure of /proc/PID/status (VmRSS, VmHWM), in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_kib(pid):
    return status_kib(pid, "VmRSS")


def hwm_kib(pid):
    return status_kib(pid, "VmHWM")


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def alive(pid):
    return os.path.exists(f"/proc/{pid}")


def ask(port, text=b"still there?", transport="udp"):
    """One textbook exchange; returns the reply or None."""
    try:
        if transport == "udp":
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.settimeout(2)
                s.sendto(text, ("127.0.0.1", port))
                return s.recvfrom(2048)[0]
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(text)
            return s.recv(1024)
    except OSError:
        return None


def screen():
    out = subprocess.run(TMUX + ["capture-pane", "-p", "-t", "stress"], capture_output=True, text=True)
    return out.stdout


def start_server(port):
    subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
    subprocess.run(TMUX + ["new-session", "-d", "-s", "stress", "-x", "120", "-y", "35",
                           f"ulimit -n $(ulimit -Hn); exec {SHOUT} server --port {port}"], check=True,
                   env=dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8"))
    for _ in range(200):
        out = subprocess.run(["pgrep", "-f", f"{SHOUT} server --port {port}"], capture_output=True, text=True)
        if out.stdout.split() and ask(port) == b"STILL THERE?":
            return int(out.stdout.split()[-1])
        time.sleep(0.05)
    sys.exit("the server did not start")


def phase_mixed(pid, port, minutes):
    seconds = int(minutes * 60)
    loads = {
        "udp 4×8": ["--udp", "--clients", "4", "--window", "8"],
        "tcp 16×4": ["--tcp", "--clients", "16", "--window", "4"],
        "tcp one-shot ×2": ["--tcp-oneshot", "--clients", "2"],
    }
    procs = {name: subprocess.Popen([SHOUT, "bench", "127.0.0.1", "--port", str(port), "--duration", str(seconds),
                                     "--json"] + args, stdout=subprocess.PIPE, text=True)
             for name, args in loads.items()}
    samples = []
    start = time.time()
    while any(p.poll() is None for p in procs.values()) and time.time() - start < seconds + 60:
        samples.append((time.time() - start, rss_kib(pid)))
        time.sleep(1)
    results = {name: json.loads(p.communicate()[0].strip().splitlines()[-1]) for name, p in procs.items()}
    warm = [kib for t, kib in samples if t >= 60] or [kib for _, kib in samples]
    return dict(samples=len(samples), rss_first_kib=samples[0][1] if samples else 0,
                rss_after_warmup_min_kib=min(warm), rss_after_warmup_max_kib=max(warm),
                rss_end_kib=samples[-1][1] if samples else 0,
                replies=sum(r["replies"] for r in results.values()),
                wrong=sum(r["bad"] for r in results.values()),
                lost=sum(r["lost"] for r in results.values()),
                loads={name: dict(rps=r["rps"], p99_us=r["p99_us"], replies=r["replies"], bad=r["bad"],
                                  lost=r["lost"]) for name, r in results.items()})


def phase_ports(pid, port, total=1_000_000, ports=100_000, batch=1000):
    per_socket = total // ports
    correct = wrong = missing = 0
    peak = 0
    start = time.time()
    for first in range(0, ports, batch):
        socks = []
        for _ in range(batch):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
            s.connect(("127.0.0.1", port))
            s.setblocking(False)
            socks.append(s)
        sel = selectors.DefaultSelector()
        for i, s in enumerate(socks):
            sel.register(s, selectors.EVENT_READ, i)
        # Rounds of one datagram per socket, 100 sockets at a time, so the test itself never overruns the
        # server's socket buffer (a burst larger than it is lost in the kernel, not in shout).
        outstanding = 0
        for k in range(per_socket):
            for group in range(0, len(socks), 100):
                expected = {}
                for i in range(group, min(group + 100, len(socks))):
                    payload = f"port {first + i} datagram {k} straße".encode()
                    expected[i] = payload.decode().upper().encode()
                    socks[i].send(payload)
                waiting = len(expected)
                deadline = time.time() + 1
                while waiting > 0 and time.time() < deadline:
                    for key, _ in sel.select(timeout=0.1):
                        while True:
                            try:
                                data = key.fileobj.recv(2048)
                            except BlockingIOError:
                                break
                            waiting -= 1
                            if data == expected.get(key.data):
                                correct += 1
                            else:
                                wrong += 1
                outstanding += waiting
        missing += outstanding
        for s in socks:
            s.close()
        peak = max(peak, rss_kib(pid))
    text = screen()
    peers_line = next((line for line in text.splitlines() if "Peers" in line), "")
    return dict(datagrams=per_socket * ports, source_ports=ports, correct=correct, wrong=wrong,
                unanswered=missing, seconds=round(time.time() - start, 1), rss_peak_during_kib=peak,
                peers_header=peers_line.strip(" ├┤─"))


def phase_pushers(pid, port, peers=100, megabytes=100, seconds=30):
    chunk = b"a" * 65536
    socks = []
    for _ in range(peers):
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.setblocking(False)
        socks.append(s)
    pushed = [0] * peers
    limit = megabytes * 1024 * 1024
    start = time.time()
    peak = 0
    while time.time() - start < seconds and any(p < limit for p in pushed):
        progressed = False
        for i, s in enumerate(socks):
            if pushed[i] >= limit:
                continue
            try:
                pushed[i] += s.send(chunk)
                progressed = True
            except BlockingIOError:
                pass
        peak = max(peak, rss_kib(pid))
        if not progressed:
            time.sleep(0.05)
    answered_meanwhile = ask(port, b"others served?", "tcp") == b"OTHERS SERVED?"
    for s in socks:
        s.close()
    return dict(peers=peers, tried_mb_each=megabytes, seconds=round(time.time() - start, 1),
                pushed_mb_total=round(sum(pushed) / 1048576, 1), pushed_mb_max_one=round(max(pushed) / 1048576, 1),
                rss_peak_during_kib=peak, another_peer_answered_meanwhile=answered_meanwhile)


def churn_worker(port, seconds, result):
    count = errors = 0
    end = time.time() + seconds
    while time.time() < end:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
            count += 1
        except OSError:
            errors += 1
    result.put((count, errors))


def build_loadgen():
    """The C load generator from ../shared/bench (a measuring tool, not part of Shout)."""
    source = os.path.join(os.path.dirname(ROOT), "shared", "bench", "loadgen.c")
    out = os.path.join(ROOT, ".build-bench")
    os.makedirs(out, exist_ok=True)
    subprocess.run(["cc", "-O2", "-o", os.path.join(out, "loadgen"), source], check=True)
    return os.path.join(out, "loadgen")


def phase_churn(pid, port, seconds=30, loadgen_clients=8):
    loadgen = subprocess.Popen([build_loadgen(), "tcp1", "-p", str(port), "-c", str(loadgen_clients), "-s", "64",
                                "-d", str(seconds)], stdout=subprocess.PIPE, text=True)
    result = multiprocessing.Queue()
    resetter = multiprocessing.Process(target=churn_worker, args=(port, seconds, result))
    resetter.start()
    peak = 0
    while loadgen.poll() is None or resetter.is_alive():
        peak = max(peak, rss_kib(pid))
        time.sleep(0.5)
    exchanged = json.loads(loadgen.communicate()[0].strip().splitlines()[-1])
    resets, reset_errors = result.get()
    cycles = exchanged["requests"] + resets
    return dict(seconds=seconds, cycles=cycles, cycles_per_second=round(cycles / seconds),
                one_line_cycles=exchanged["requests"], wrong_replies=exchanged["bad"],
                loadgen_errors=exchanged["errors"], reset_cycles=resets, reset_errors=reset_errors,
                rss_peak_during_kib=peak)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10, help="length of the mixed-load phase")
    parser.add_argument("--port", type=int, default=12777)
    parser.add_argument("--phases", default="mixed,ports,pushers,churn", help="comma-separated phases to run")
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "shout"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    pid = start_server(args.port)
    time.sleep(1)
    baseline_fds = fds(pid)
    report = dict(baseline_fds=baseline_fds, rss_start_kib=rss_kib(pid))
    for name, run in (("mixed", lambda: phase_mixed(pid, args.port, args.minutes)),
                      ("ports", lambda: phase_ports(pid, args.port)),
                      ("pushers", lambda: phase_pushers(pid, args.port)),
                      ("churn", lambda: phase_churn(pid, args.port))):
        if name not in args.phases.split(","):
            continue
        print(f"phase {name}…", file=sys.stderr)
        report[name] = run()
        report[name]["server_alive"] = alive(pid)
        print(json.dumps(report[name]), file=sys.stderr)
    time.sleep(3)
    report["end"] = dict(server_alive=alive(pid), fds=fds(pid) if alive(pid) else None,
                         udp_answers=ask(args.port) == b"STILL THERE?",
                         tcp_answers=ask(args.port, transport="tcp") == b"STILL THERE?",
                         rss_end_kib=rss_kib(pid) if alive(pid) else None, peak_rss_kib=hwm_kib(pid) if alive(pid) else None)
    report["end"]["screen_tail"] = screen().splitlines()[:3]
    subprocess.run(TMUX + ["send-keys", "-t", "stress", "q"])
    time.sleep(1)
    subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
