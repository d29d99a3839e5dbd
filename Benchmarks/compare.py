#!/usr/bin/env python3
"""Side-by-side benchmark of shout server against the C reference server, on loopback, in one run.

Builds shout in release and the C yardsticks from ../shared/bench, then measures in --rounds rounds, interleaved:
each round takes every load (scenario × generator) in a shuffled order, and runs it against every server (the C
reference server, `shout server --headless`, and `shout server` with its TUI live in a tmux session) back to back,
also in a shuffled order, so a minute's drift of a shared machine lands on all the servers of a load alike. Each
server is pinned to core 0 and started fresh per run; the load generators (the C loadgen and `shout bench`) are
pinned to core 1. Prints a markdown table: each figure's median over the rounds with its spread (min–max), and each
ratio to the reference taken within a round before its median, with "below"/"above" when every round's ratio lies
on one side of 1 (clear of the spread) and "within" when not. Bounded in time: every run lasts --duration seconds
plus start-up.

--shout PATH measures a binary built elsewhere (no build); --baseline PATH adds "baseline headless", that binary's
`shout server --headless`, to the same rounds, so two builds of shout (say -O and -Osize) are measured side by side.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_SRC = os.path.join(os.path.dirname(ROOT), "shared", "bench")
OUT = os.path.join(ROOT, ".build-bench")
SHOUT = os.path.join(ROOT, ".build", "release", "shout")
TMUX = ["tmux", "-L", "shout-bench"]

# name, loadgen mode, clients, window, shout bench flag
SCENARIOS = [
    ("UDP 8×32", "udp", 8, 32, "--udp"),
    ("UDP 1×1", "udp", 1, 1, "--udp"),
    ("TCP 64×16", "tcp", 64, 16, "--tcp"),
    ("TCP 1×1", "tcp", 1, 1, "--tcp"),
    ("TCP one-shot", "tcp1", 1, 1, "--tcp-oneshot"),
    ("hold 10,000", "hold", 10000, 1, "--hold"),
]
SERVERS = ["C reference", "shout headless", "shout TUI"]
# Opt-in (--servers): Benchmarks/RawUDP, the C reference's UDP loop written in Swift without NIO; UDP loads only.
RAW_SWIFT = "Swift without NIO"
UDP_ONLY = (RAW_SWIFT,)
# Opt-in (--baseline PATH): the headless server of another binary of shout.
BASELINE = "baseline headless"
BASELINE_SHOUT = None


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build(servers, shout_given):
    os.makedirs(OUT, exist_ok=True)
    if not shout_given:
        run(["swift", "build", "-c", "release", "--product", "shout"], cwd=ROOT, stdout=subprocess.DEVNULL)
    for name in ("ref_server", "loadgen"):
        run(["cc", "-O2", "-o", os.path.join(OUT, name), os.path.join(BENCH_SRC, name + ".c")])
    if RAW_SWIFT in servers:
        run(["swiftc", "-O", "-Xcc", "-D_GNU_SOURCE", "-o", os.path.join(OUT, "raw-udp"),
             os.path.join(ROOT, "Benchmarks", "RawUDP", "main.swift")])


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, deadline=10.0):
    end = time.time() + deadline
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def status_kib(pid, field):
    """One memory figure of /proc/PID/status (VmRSS, VmHWM), in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def peak_rss_kib(pid):
    return status_kib(pid, "VmHWM")


class Server:
    """One server under test, started fresh, pinned to core 0."""

    def __init__(self, kind, port):
        self.kind, self.port, self.pid, self.proc = kind, port, None, None
        if kind == "C reference":
            self.proc = subprocess.Popen(["taskset", "-c", "0", os.path.join(OUT, "ref_server"), str(port)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.pid = self.proc.pid
        elif kind == RAW_SWIFT:
            self.proc = subprocess.Popen(["taskset", "-c", "0", os.path.join(OUT, "raw-udp"), str(port)],
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            self.pid = self.proc.pid
            if self.proc.stdout.readline().strip() != "listening":
                raise RuntimeError("raw-udp did not start")
            return
        elif kind in ("shout headless", BASELINE):
            binary = BASELINE_SHOUT if kind == BASELINE else SHOUT
            self.proc = subprocess.Popen(["taskset", "-c", "0", binary, "server", "--headless", "--port", str(port)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.pid = self.proc.pid
        else:
            subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
            run(TMUX + ["new-session", "-d", "-x", "120", "-y", "35",
                        f"ulimit -n $(ulimit -Hn); exec taskset -c 0 {SHOUT} server --port {port}"],
                env=dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8"))
            for _ in range(100):
                out = subprocess.run(["pgrep", "-f", f"{SHOUT} server --port {port}"], capture_output=True, text=True)
                # Only the server itself: the tmux client that started it has the same words in its command line
                # for a moment, and is gone the next.
                pids = [int(p) for p in out.stdout.split() if comm(int(p)) == "shout"]
                if pids:
                    self.pid = max(pids)
                    break
                time.sleep(0.05)
        wait_listening(port)

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        else:
            subprocess.run(TMUX + ["kill-server"], stderr=subprocess.DEVNULL)
            time.sleep(0.2)


def load(generator, scenario, port, duration):
    name, mode, clients, window, flag = scenario
    if generator == "C loadgen":
        cmd = [os.path.join(OUT, "loadgen"), mode, "-p", str(port), "-c", str(clients), "-w", str(window),
               "-s", "64", "-d", str(duration)]
    else:
        cmd = [SHOUT, "bench", "127.0.0.1", "--port", str(port), flag, "--clients", str(clients),
               "--window", str(window), "--size", "64", "--duration", str(duration), "--json"]
    out = subprocess.run(["taskset", "-c", "1"] + cmd, capture_output=True, text=True, timeout=duration + 120)
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "{}"
    data = json.loads(line)
    if generator == "C loadgen":
        if mode == "hold":
            answered = min(data.get("alive_start", 0), data.get("alive_end", 0))
            return dict(rps=0, p50=data.get("p50_us", 0), p99=data.get("p99_us", 0), lost=data.get("errors", 0),
                        answered=answered, requests=2 * answered)
        return dict(rps=data.get("req_per_s", 0), p50=data.get("p50_us", 0), p99=data.get("p99_us", 0),
                    lost=data.get("lost", 0) + data.get("bad", 0), requests=data.get("requests", 0))
    if mode == "hold":
        answered = min(data.get("answered_start", 0), data.get("answered_end", 0))
        return dict(rps=0, p50=data.get("p50_us", 0), p99=data.get("p99_us", 0), lost=data.get("bad", 0),
                    answered=answered, requests=data.get("replies", 0))
    return dict(rps=data.get("rps", 0), p50=data.get("p50_us", 0), p99=data.get("p99_us", 0),
                lost=data.get("lost", 0) + data.get("bad", 0), requests=data.get("replies", 0))


def measure(server_kind, generator, scenario, duration):
    port = free_port()
    server = Server(server_kind, port)
    try:
        ticks_before = cpu_ticks(server.pid)
        result = load(generator, scenario, port, duration)
        ticks = cpu_ticks(server.pid) - ticks_before
        result["cpu_us_per_req"] = ticks * 1e6 / os.sysconf("SC_CLK_TCK") / max(1, result["requests"])
        result["rss_mb"] = peak_rss_kib(server.pid) / 1024
        return result
    finally:
        server.stop()


def udp_receive_buffer_drops():
    """Datagrams the kernel dropped for a full socket receive buffer, machine-wide (/proc/net/snmp and snmp6)."""
    total = 0
    for path, prefix in (("/proc/net/snmp", "Udp:"), ("/proc/net/snmp6", "Udp6RcvbufErrors")):
        try:
            with open(path) as f:
                lines = [line.split() for line in f if line.startswith(prefix)]
        except OSError:
            continue
        if prefix == "Udp:" and len(lines) >= 2:
            total += int(lines[1][lines[0].index("RcvbufErrors")])
        elif lines:
            total += int(lines[0][1])
    return total


def screen_totals():
    """The server screen's header totals (in, out), or None."""
    out = subprocess.run(TMUX + ["capture-pane", "-p"], capture_output=True, text=True).stdout
    match = re.search(r"in ([\d,]+) · out ([\d,]+)", out)
    return tuple(int(group.replace(",", "")) for group in match.groups()) if match else None


def flood(seconds):
    """A UDP flood at full speed against `shout server` with its TUI live: memory, screen updates, and whether the
    server's figures and the generator's agree (the difference must be exactly what the kernel dropped)."""
    port = free_port()
    server = Server("shout TUI", port)
    try:
        drops_before = udp_receive_buffer_drops()
        bench = subprocess.Popen(["taskset", "-c", "1", SHOUT, "bench", "127.0.0.1", "--port", str(port), "--udp",
                                  "--clients", "8", "--window", "32", "--size", "64", "--duration", str(seconds),
                                  "--json"], stdout=subprocess.PIPE, text=True)
        rss, shown, samples = [], set(), 0
        while bench.poll() is None:
            rss.append(status_kib(server.pid, "VmRSS"))
            totals = screen_totals()
            samples += 1
            if totals:
                shown.add(totals)
            time.sleep(0.5)
        report = json.loads(bench.communicate()[0].strip().splitlines()[-1])
        time.sleep(1)
        final = screen_totals() or (0, 0)
        drops = udp_receive_buffer_drops() - drops_before
        unaccounted = (report["sent"] - final[0]) + (final[1] - report["replies"] - report["late"]) - drops
        print(f"\n### UDP flood, {seconds:g} s, shout bench 8×32 against `shout server` with its TUI live\n")
        print("| figure | value |\n|---|---:|")
        print(f"| generator: sent / replies / late / lost / wrong | {report['sent']:,} / {report['replies']:,} / "
              f"{report['late']:,} / {report['lost']:,} / {report['bad']:,} |")
        print(f"| server screen at the end: in / out | {final[0]:,} / {final[1]:,} |")
        print(f"| kernel receive-buffer drops during the run (/proc/net/snmp) | {drops:,} |")
        print(f"| unaccounted (sent − in + out − replies − late − kernel drops) | {unaccounted:,} |")
        print(f"| server RSS: first / peak / last sample, MB | {rss[0] / 1024:.1f} / {max(rss) / 1024:.1f} / "
              f"{rss[-1] / 1024:.1f} |")
        print(f"| header totals seen changing (of {samples} samples, 0.5 s apart) | {len(shown)} |")
    finally:
        server.stop()


def median(values):
    return statistics.median(values) if values else 0


def spread(values, digits=0, thousands=False):
    """`median (min–max)` of values, formatted."""
    fmt = (lambda v: f"{v:,.{digits}f}") if thousands else (lambda v: f"{v:.{digits}f}")
    if not values:
        return "–"
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def verdict(ratios):
    """Whether every round's ratio lies on one side of 1: the difference is then clear of the spread."""
    if len(ratios) < 2:
        return "one round"
    if max(ratios) < 1:
        return "below"
    if min(ratios) > 1:
        return "above"
    return "within"


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return (f"nproc {os.cpu_count()}, CPU \"{model}\", Linux {os.uname().release}, "
            f"{swift[0] if swift else 'swift ?'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", "--runs", dest="rounds", type=int, default=3,
                        help="rounds; each round runs every load against every server back to back, in a shuffled "
                             "order (--runs is the old name)")
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per run")
    parser.add_argument("--only", default="", help="comma-separated scenario names to keep (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated scenario names to leave out")
    parser.add_argument("--generators", default="C loadgen,shout bench")
    parser.add_argument("--servers", default=",".join(SERVERS),
                        help=f"comma-separated servers to measure; '{RAW_SWIFT}' adds Benchmarks/RawUDP (UDP loads)")
    parser.add_argument("--flood", type=float, default=10, help="seconds of the UDP flood with the TUI (0: skip)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the shuffle (default: from the clock)")
    parser.add_argument("--raw", default="", help="also write every run as a JSON line to this file")
    parser.add_argument("--shout", default="", help="the shout binary to measure (default: build .build/release/shout)")
    parser.add_argument("--baseline", default="",
                        help=f"another shout binary; adds '{BASELINE}', its headless server, to --servers")
    args = parser.parse_args()
    servers = args.servers.split(",")
    global SHOUT, BASELINE_SHOUT
    for path in (args.shout, args.baseline):
        if path and not os.access(path, os.X_OK):
            sys.exit(f"compare.py: {path} is not an executable")
    if args.shout:
        SHOUT = os.path.abspath(args.shout)
    if args.baseline:
        BASELINE_SHOUT = os.path.abspath(args.baseline)
        if BASELINE not in servers:
            servers.append(BASELINE)
    if "C reference" not in servers:
        sys.exit("compare.py: the C reference is the yardstick; keep it in --servers")
    for tool in ("taskset", "tmux", "cc", "swift") + (("swiftc",) if RAW_SWIFT in servers else ()):
        if not shutil.which(tool):
            sys.exit(f"compare.py needs {tool}")
    build(servers, bool(args.shout))
    seed = args.seed if args.seed is not None else int(time.time())
    shuffler = random.Random(seed)
    # Names are split at commas that no digit follows, so "hold 10,000" stays whole.
    only, skip = (set(re.split(r",(?!\d)", text)) if text else set() for text in (args.only, args.skip))
    scenarios = [s for s in SCENARIOS if (not only or s[0] in only) and s[0] not in skip]
    generators = args.generators.split(",")
    loads = [(scenario, generator) for scenario in scenarios for generator in generators]
    header = (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}; {args.rounds} rounds × "
              f"{len(loads)} loads × {len(servers)} servers, {args.duration:g} s each; shuffle seed {seed}; "
              f"command: {' '.join(sys.argv[1:]) or '(defaults)'}")
    print("compare.py: " + header, file=sys.stderr)
    raw = open(args.raw, "w") if args.raw else None
    # runs[(scenario name, generator)][server] = one result per round, in round order
    runs = {(scenario[0], generator): {} for scenario, generator in loads}
    started = time.time()
    for round_number in range(1, args.rounds + 1):
        order = loads[:]
        shuffler.shuffle(order)
        for scenario, generator in order:
            kinds = [kind for kind in servers if kind not in UDP_ONLY or scenario[1] == "udp"]
            shuffler.shuffle(kinds)
            for kind in kinds:
                result = measure(kind, generator, scenario, args.duration)
                runs[(scenario[0], generator)].setdefault(kind, []).append(result)
                print(f"  round {round_number} {scenario[0]:13} {generator:11} {kind:17} {json.dumps(result)}",
                      file=sys.stderr)
                if raw:
                    raw.write(json.dumps(dict(round=round_number, load=scenario[0], generator=generator,
                                              server=kind, **result)) + "\n")
                    raw.flush()
    print(f"compare.py: the rounds took {time.time() - started:.0f} s", file=sys.stderr)
    print(header + "\n")
    print(f"{args.rounds} rounds; each cell is the median over the rounds with (min–max) beside it; a ratio is "
          f"taken within each round (the server against the reference run next to it) before its median.\n")
    print("| load | generator | server | req/s | × ref | vs ref | p50 µs | p99 µs | × ref p99 | lost | CPU µs/req | "
          "peak RSS MB |")
    print("|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    pairs = []
    for scenario, generator in loads:
        results = runs[(scenario[0], generator)]
        ref = results["C reference"]
        for kind in [k for k in servers if k in results]:
            rs = results[kind]
            column = lambda key: [r.get(key, 0) for r in rs]
            p99ratios = [r["p99"] / q["p99"] for r, q in zip(rs, ref) if q["p99"]]
            if scenario[1] == "hold":
                rate, ratio, side = spread(column("answered")) + " answered", "–", "–"
            else:
                ratios = [r["rps"] / q["rps"] for r, q in zip(rs, ref) if q["rps"]]
                rate = spread(column("rps"), thousands=True)
                ratio = spread(ratios, 2)
                side = "ref" if kind == "C reference" else verdict(ratios)
            if kind == "C reference":
                ratio, p99ratio = ("–" if scenario[1] == "hold" else "1.00"), "1.00"
            else:
                p99ratio = spread(p99ratios, 2)
            print(f"| {scenario[0]} | {generator} | {kind} | {rate} | {ratio} | {side} | {median(column('p50')):.0f} | "
                  f"{spread(column('p99'))} | {p99ratio} | {median(column('lost')):.0f} | "
                  f"{median(column('cpu_us_per_req')):.1f} | {median(column('rss_mb')):.1f} |")
        if "shout TUI" in results and "shout headless" in results and scenario[1] != "hold":
            tui, headless = results["shout TUI"], results["shout headless"]
            pairs.append((scenario[0], generator, [t["rps"] / h["rps"] for t, h in zip(tui, headless) if h["rps"]],
                          [t["cpu_us_per_req"] / h["cpu_us_per_req"] for t, h in zip(tui, headless)
                           if h["cpu_us_per_req"]]))
    if BASELINE in servers:
        print(f"\n| load | generator | shout headless ÷ {BASELINE}, req/s | vs baseline | "
              f"shout headless ÷ {BASELINE}, CPU µs/req |\n|---|---|---:|---|---:|")
        for scenario, generator in loads:
            results = runs[(scenario[0], generator)]
            if scenario[1] == "hold" or "shout headless" not in results or BASELINE not in results:
                continue
            mine, theirs = results["shout headless"], results[BASELINE]
            ratios = [m["rps"] / t["rps"] for m, t in zip(mine, theirs) if t["rps"]]
            cpu = [m["cpu_us_per_req"] / t["cpu_us_per_req"] for m, t in zip(mine, theirs) if t["cpu_us_per_req"]]
            print(f"| {scenario[0]} | {generator} | {spread(ratios, 2)} | {verdict(ratios)} | {spread(cpu, 2)} |")
    if pairs:
        # The CPU ratio is the screen's cost per request (the server's CPU time over the run, its screen's thread
        # included, per request answered): on a load that leaves the server's core idle between requests (one
        # client), throughput follows the round trip more than the work, and the work is what the screen adds to.
        print("\n| load | generator | shout TUI ÷ shout headless, req/s | vs headless | "
              "shout TUI ÷ shout headless, CPU µs/req |\n|---|---|---:|---|---:|")
        for name, generator, ratios, cpu in pairs:
            print(f"| {name} | {generator} | {spread(ratios, 2)} | {verdict(ratios)} | {spread(cpu, 2)} |")
    if args.flood > 0:
        flood(args.flood)


if __name__ == "__main__":
    main()
