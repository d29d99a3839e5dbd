#!/usr/bin/env python3
"""A class of thirty on a real network: thirty client hosts and one server host, 5 % loss on every link.

The network is made as the test fixture Tests/EndToEndTests/NetworkLab.swift makes it: a bridge in a network
namespace of its own, and each host a namespace with `eth0` (10.199.0.N/24) on the bridge; the server is 10.199.0.1,
the clients 10.199.0.2 to 10.199.0.31. Loss is nftables' `numgen random mod 100 < P` in each host's input hook
(silent, as a lossy link is), the server's included; the dropped packets are counted by kind of traffic, so each
loss can be attributed. Nothing leaves the namespaces, and everything is removed at the end, also on failure or
Ctrl-C. Needs root, ip, nft, tmux and python3.

On the server host, `shout server --port 12000` runs with its screen live in a 120x35 tmux session. Each client host
runs, for the run's length, a mix in a loop, a pause of a few seconds between two items: the textbook UDP client
(with a timeout, so a lost reply counts as a loss instead of hanging) and TCP client, `shout client --plain` over UDP
and over TCP fed numbered lines, `shout ping --count --interval`, and beside them all the time a Heartbeat client
("Heartbeat <seq> <time>" datagrams) that also reads the replies.

Checked: every reply is exactly the upper-cased request (Python's str.upper() is the reference); over UDP, what
the clients counted as lost equals, for each host and each kind of client, the datagrams the firewalls dropped on the
way to the server plus those dropped on the way back (plus any reply the client saw late); over TCP nothing lost at
all; the server's screen header changes between every two samples; its RSS is flat after the first minute; the
server is alive and answering at the end. Prints a markdown report.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_ADDRESS = "10.199.0.1"
PORT = 12000

# The kinds of UDP client, by the first byte of what they send (and of the upper-cased reply): the firewall's
# counters are kept per host and per kind, so each kind's losses are checked against its own drops.
KINDS = {
    "textbook-udp": ("t", "T"),
    "plain-udp": ("s", "S"),
    "ping": ("P", "P"),
    "heartbeat": ("H", "H"),
}

PHRASES = [
    "hello from the back row",
    "straße über alles",
    "ﬁne ﬂags, ﬀ",
    "ıstanbul and i",
    "σοφία ς",
    "naïve café déjà vu",
    "ǆemal ǉubljana",
    "ŉ and ΐ and ǰ",
    "emoji 🙂 stay",
    "is this thing on?",
]

# The textbook programs, as the book writes them; the UDP one has a timeout added so that a lost reply does not hang
# the class (it exits 3: a loss), the TCP one a long one so that a broken run ends.
TEXTBOOK_UDP = """\
from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(float(sys.argv[4]))  # added: a lost reply must not hang
message = sys.argv[3]
clientSocket.sendto(message.encode(), (serverName, serverPort))
try:
    modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
except timeout:
    sys.exit(3)
print(modifiedMessage.decode())
clientSocket.close()
"""

TEXTBOOK_TCP = """\
from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.settimeout(float(sys.argv[4]))  # added: a broken run must end
clientSocket.connect((serverName, serverPort))
sentence = sys.argv[3]
clientSocket.send(sentence.encode())
modifiedSentence = clientSocket.recv(1024)
print(modifiedSentence.decode())
clientSocket.close()
"""

# Whether a client host can reach the server host (an answer or a port unreachable both say the path is up).
PROBE = """\
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect((sys.argv[1], 9))
s.settimeout(0.2)
for _ in range(100):
    try:
        s.send(b"up?")
        s.recv(16)
        break
    except ConnectionRefusedError:
        break
    except OSError:
        pass
else:
    sys.exit(1)
"""

UTF8 = dict(os.environ, PYTHONIOENCODING="utf-8", LANG="C.UTF-8")


# ---------------------------------------------------------------------------------------------------------------
# The driver: runs inside one client host's namespace, prints one JSON object of tallies at the end.
# ---------------------------------------------------------------------------------------------------------------


def new_tally():
    return dict(runs=0, requests=0, exact=0, wrong=0, lost=0, late=0, duplicates=0, waiting=0, failures=0,
                examples=[])


def note(tally, text):
    if len(tally["examples"]) < 5:
        tally["examples"].append(text)


class Heartbeat:
    """The lab's Heartbeat client, "Heartbeat <seq> <time>" every `interval` seconds, reading the replies too."""

    def __init__(self, server, port, interval):
        import socket
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.settimeout(0.2)
        self.server = (server, port)
        self.interval = interval
        self.sent = {}
        self.replies = {}
        self.wrong = []
        self.stopping = threading.Event()
        self.reader_done = threading.Event()

    def run_until(self, end):
        reader = threading.Thread(target=self.read, daemon=True)
        reader.start()
        seq = 0
        start = time.time()
        while time.time() < end:
            seq += 1
            message = "Heartbeat %d %f" % (seq, time.time())
            self.sent[message.upper().encode()] = seq
            self.socket.sendto(message.encode(), self.server)
            time.sleep(max(0.0, start + seq * self.interval - time.time()))
        return reader

    def read(self):
        while not self.stopping.is_set():
            try:
                data, _ = self.socket.recvfrom(2048)
            except OSError:
                continue
            if data in self.sent:
                self.replies[data] = self.replies.get(data, 0) + 1
            elif len(self.wrong) < 5:
                self.wrong.append(data.decode(errors="replace"))
            else:
                self.wrong.append(None)
        self.reader_done.set()

    def tally(self):
        tally = new_tally()
        tally["runs"] = 1
        tally["requests"] = len(self.sent)
        tally["exact"] = len(self.replies)
        tally["lost"] = len(self.sent) - len(self.replies)
        tally["duplicates"] = sum(count - 1 for count in self.replies.values())
        tally["wrong"] = len(self.wrong)
        tally["examples"] = [w for w in self.wrong if w is not None][:5]
        return tally


def run_textbook(config, tallies, kind, program, sentence, timeout):
    tally = tallies[kind]
    tally["runs"] += 1
    tally["requests"] += 1
    try:
        run = subprocess.run([sys.executable, "-c", program, config["server"], str(config["port"]), sentence,
                              str(timeout)], capture_output=True, env=UTF8, timeout=timeout + 60)
    except subprocess.TimeoutExpired:
        tally["failures"] += 1
        note(tally, f"{sentence!r}: did not end")
        return
    reply = run.stdout.decode("utf-8", errors="replace")
    if kind == "textbook-udp" and run.returncode == 3:
        tally["lost"] += 1
    elif run.returncode == 0 and reply == sentence.upper() + "\n":
        tally["exact"] += 1
    elif run.returncode == 0:
        tally["wrong"] += 1
        note(tally, f"{sentence!r} -> {reply!r}")
    else:
        tally["failures"] += 1
        note(tally, f"{sentence!r}: status {run.returncode}: {run.stderr.decode(errors='replace').strip()[-300:]}")


def run_plain(config, tallies, kind, lines, tcp):
    tally = tallies[kind]
    tally["runs"] += 1
    tally["requests"] += len(lines)
    timeout = config["tcp_timeout"] if tcp else config["udp_timeout"]
    command = [config["shout"], "client", "--plain", "--timeout", str(timeout)] + (["--tcp"] if tcp else []) + [
        f"{config['server']}:{config['port']}"]
    try:
        run = subprocess.run(command, input="".join(line + "\n" for line in lines).encode(), capture_output=True,
                             timeout=len(lines) * (timeout + 35) + 30)
    except subprocess.TimeoutExpired:
        tally["failures"] += 1
        note(tally, f"{' '.join(command)}: did not end")
        return
    out = run.stdout.decode("utf-8", errors="replace").splitlines()
    lost = set()
    for line in run.stderr.decode("utf-8", errors="replace").splitlines():
        if m := re.match(r'lost: line (\d+) "', line):
            lost.add(int(m.group(1)))
            if tcp:
                tally["failures"] += 1
                note(tally, line)
        elif re.match(r"late reply to line \d+ after ", line):
            tally["late"] += 1
        elif tcp and line.startswith("waiting: line "):
            tally["waiting"] += 1
        else:
            tally["failures"] += 1
            note(tally, f"stderr: {line}")
    tally["lost"] += len(lost)
    expected = [text.upper() for number, text in enumerate(lines, 1) if number not in lost]
    for got, want in zip(out, expected):
        if got == want:
            tally["exact"] += 1
        else:
            tally["wrong"] += 1
            note(tally, f"{want.lower()!r} -> {got!r}")
    if len(out) != len(expected):
        tally["failures"] += 1
        note(tally, f"{len(out)} replies printed for {len(expected)} lines not lost")
    if run.returncode != (1 if lost else 0):
        tally["failures"] += 1
        note(tally, f"exit status {run.returncode} with {len(lost)} lost")


def run_ping(config, tallies, count):
    tally = tallies["ping"]
    tally["runs"] += 1
    command = [config["shout"], "ping", f"{config['server']}:{config['port']}", "--count", str(count), "--interval",
               str(config["ping_interval"]), "--timeout", str(config["udp_timeout"]), "--json"]
    try:
        run = subprocess.run(command, capture_output=True, timeout=count * config["ping_interval"] + 60)
    except subprocess.TimeoutExpired:
        tally["failures"] += 1
        note(tally, f"{' '.join(command)}: did not end")
        return
    summary = None
    for line in run.stdout.decode("utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            tally["failures"] += 1
            note(tally, f"not JSON: {line}")
            continue
        if "sent" in item:
            summary = item
        elif item.get("reply") is not None:
            if re.fullmatch(r"PING %d \d+\.\d{6}" % item["seq"], item["reply"]):
                tally["exact"] += 1 if item["status"] == "reply" else 0
            else:
                tally["wrong"] += 1
                note(tally, f"seq {item['seq']} -> {item['reply']!r}")
    if summary is None:
        tally["failures"] += 1
        note(tally, f"no statistics: {run.stderr.decode(errors='replace').strip()[-300:]}")
        return
    tally["requests"] += summary["sent"]
    tally["lost"] += summary["sent"] - summary["received"]
    tally["late"] += summary["late"]
    tally["duplicates"] += summary["duplicates"]
    if summary["sent"] != count:
        tally["failures"] += 1
        note(tally, f"{summary['sent']} pings sent of {count}")


def driver(config):
    """One student's machine: the mix in a loop until the end of the run, the Heartbeat beside it."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    rng = random.Random(config["host"])
    tallies = {kind: new_tally() for kind in
               ("textbook-udp", "textbook-tcp", "plain-udp", "plain-tcp", "ping", "heartbeat")}
    name = f"h{config['host']}"
    time.sleep(max(0.0, config["start"] - time.time()) + rng.uniform(0, config["pause_max"]))
    heartbeat = Heartbeat(config["server"], config["port"], config["heartbeat_interval"])
    heartbeat_thread = threading.Thread(target=heartbeat.run_until, args=(config["end"],), daemon=True)
    heartbeat_thread.start()
    items = ["textbook-udp", "textbook-tcp", "plain-udp", "plain-tcp", "ping"]
    counter = 0
    while time.time() < config["end"]:
        counter += 1
        item = rng.choice(items)
        phrase = rng.choice(PHRASES)
        if item == "textbook-udp":
            run_textbook(config, tallies, item, TEXTBOOK_UDP, f"tb {name} #{counter} {phrase}", config["udp_timeout"])
        elif item == "textbook-tcp":
            run_textbook(config, tallies, item, TEXTBOOK_TCP, f"tb {name} #{counter} {phrase}", 60)
        elif item in ("plain-udp", "plain-tcp"):
            lines = [f"sc {name} #{counter}.{i} {rng.choice(PHRASES)}" for i in range(1, rng.randint(5, 15) + 1)]
            run_plain(config, tallies, item, lines, tcp=item == "plain-tcp")
        else:
            run_ping(config, tallies, rng.randint(5, 15))
        time.sleep(rng.uniform(config["pause_min"], config["pause_max"]))
    heartbeat_thread.join()
    time.sleep(config["drain"])
    heartbeat.stopping.set()
    heartbeat.reader_done.wait(2)
    tallies["heartbeat"] = heartbeat.tally()
    print(json.dumps(dict(host=config["host"], tallies=tallies)), flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The orchestrator: the lab, the server in tmux, the drivers, the samples, the accounting, the report.
# ---------------------------------------------------------------------------------------------------------------


class Lab:
    """Namespaces on a bridge, as NetworkLab.swift makes them; `remove()` undoes everything it made."""

    def __init__(self, clients):
        self.prefix = f"cls{os.getpid()}"
        self.bridge = f"{self.prefix}-sw"
        self.hosts = [f"{self.prefix}-h{n}" for n in range(1, clients + 2)]
        self.made = []

    @staticmethod
    def ip(*args):
        run = subprocess.run(["ip"] + list(args), capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"ip {' '.join(args)}: {run.stderr.strip()}")

    def address(self, index):
        return f"10.199.0.{index + 1}"

    def build(self):
        self.ip("netns", "add", self.bridge)
        self.made.append(self.bridge)
        self.ip("-n", self.bridge, "link", "add", "br0", "type", "bridge")
        self.ip("-n", self.bridge, "link", "set", "br0", "up")
        for index, host in enumerate(self.hosts):
            port = f"p{index + 1}"
            self.ip("netns", "add", host)
            self.made.append(host)
            self.ip("-n", self.bridge, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host)
            self.ip("-n", self.bridge, "link", "set", port, "master", "br0", "up")
            self.ip("-n", host, "addr", "add", f"{self.address(index)}/24", "dev", "eth0")
            self.ip("-n", host, "link", "set", "eth0", "up")
            self.ip("-n", host, "link", "set", "lo", "up")
        probes = [subprocess.Popen(self.on(host, [sys.executable, "-c", PROBE, SERVER_ADDRESS]))
                  for host in self.hosts[1:]]
        if any(p.wait() != 0 for p in probes):
            raise RuntimeError("the lab's network did not come up")

    def on(self, host, command):
        return ["ip", "netns", "exec", host] + command

    def nft(self, host, ruleset):
        subprocess.run(self.on(host, ["nft", "-f", "-"]), input=ruleset.encode(), check=True)

    def counters(self, host):
        """{comment: packets} of the host's loss rules."""
        listing = json.loads(subprocess.run(self.on(host, ["nft", "-j", "list", "table", "inet", "lab"]),
                                            capture_output=True, check=True).stdout)
        out = {}
        for item in listing["nftables"]:
            rule = item.get("rule")
            if rule and "comment" in rule:
                out[rule["comment"]] = next(e["counter"]["packets"] for e in rule["expr"] if "counter" in e)
        return out

    def snmp_udp(self, host):
        """The host's UDP counters from /proc/net/snmp (each namespace has its own)."""
        text = subprocess.run(self.on(host, ["cat", "/proc/net/snmp"]), capture_output=True, text=True).stdout
        rows = [line.split()[1:] for line in text.splitlines() if line.startswith("Udp:")]
        return dict(zip(rows[0], map(int, rows[1]))) if len(rows) == 2 else {}

    def remove(self):
        for ns in self.made:
            pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (OSError, ValueError):
                    pass
        for ns in reversed(self.made):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        self.made = []


def server_rules(clients, percent):
    """The server host's loss: one random draw per packet in, then a counter per client host and kind of traffic."""
    lines = ["table inet lab {",
             "  chain in { type filter hook input priority 0;",
             f'    iifname "eth0" numgen random mod 100 < {percent} jump lose; }}',
             "  chain lose {"]
    for n in range(2, clients + 2):
        for kind, (request, _) in KINDS.items():
            lines.append(f"    ip saddr 10.199.0.{n} udp dport {PORT} @ih,0,8 {ord(request):#04x} counter drop "
                         f'comment "{n} {kind}"')
    lines += ['    meta l4proto udp counter drop comment "udp other"',
              '    meta l4proto tcp counter drop comment "tcp"',
              '    counter drop comment "other"',
              "  }", "}"]
    return "\n".join(lines) + "\n"


def client_rules(percent):
    lines = ["table inet lab {",
             "  chain in { type filter hook input priority 0;",
             f'    iifname "eth0" numgen random mod 100 < {percent} jump lose; }}',
             "  chain lose {"]
    for kind, (_, reply) in KINDS.items():
        lines.append(f"    ip saddr {SERVER_ADDRESS} udp sport {PORT} @ih,0,8 {ord(reply):#04x} counter drop "
                     f'comment "{kind}"')
    lines += ['    meta l4proto udp counter drop comment "udp other"',
              '    meta l4proto tcp counter drop comment "tcp"',
              '    counter drop comment "other"',
              "  }", "}"]
    return "\n".join(lines) + "\n"


class Screen:
    def __init__(self, socket_name, session):
        self.tmux = ["tmux", "-L", socket_name]
        self.session = session

    def start(self, command):
        subprocess.run(self.tmux + ["new-session", "-d", "-s", self.session, "-x", "120", "-y", "35", command],
                       check=True, env=dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8"))

    def text(self):
        return subprocess.run(self.tmux + ["capture-pane", "-p", "-t", self.session], capture_output=True,
                              text=True).stdout

    def pane_pid(self):
        out = subprocess.run(self.tmux + ["display-message", "-p", "-t", self.session, "#{pane_pid}"],
                             capture_output=True, text=True).stdout.strip()
        return int(out) if out.isdigit() else None

    def exists(self):
        return subprocess.run(self.tmux + ["has-session", "-t", self.session], capture_output=True).returncode == 0

    def kill(self):
        subprocess.run(self.tmux + ["kill-server"], capture_output=True)
        path = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), f"tmux-{os.getuid()}", self.tmux[-1])
        if os.path.exists(path):
            os.remove(path)


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def running(pid):
    """Whether the process is there and not a zombie (a zombie has ended; only its parent has not reaped it)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def header_counts(header):
    """in and out from the screen's header (`in 6,178,813 · out 6,178,813`)."""
    found = {key: int(value.replace(",", "")) for key, value in re.findall(r"\b(in|out) ([\d,]+)", header)}
    return found.get("in"), found.get("out")


def ask(lab, host, transport, text, tries):
    """The textbook exchange from a client host, tried up to `tries` times (the links still lose)."""
    program = TEXTBOOK_UDP if transport == "udp" else TEXTBOOK_TCP
    for _ in range(tries):
        run = subprocess.run(lab.on(host, [sys.executable, "-c", program, SERVER_ADDRESS, str(PORT), text, "2"]),
                             capture_output=True, env=UTF8)
        if run.returncode == 0:
            return run.stdout.decode("utf-8", errors="replace").rstrip("\n")
    return None


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def default_shout():
    for path in (os.path.join(ROOT, ".build", "release", "shout"), os.path.join(ROOT, ".build", "debug", "shout")):
        if os.path.exists(path):
            return path
    return os.path.join(ROOT, ".build", "release", "shout")


def orchestrate(args):
    for tool in ("ip", "nft", "tmux"):
        if not shutil.which(tool):
            sys.exit(f"classroom: needs {tool}")
    if os.geteuid() != 0:
        sys.exit("classroom: needs root (network namespaces and nftables)")
    shout = os.path.abspath(args.shout)
    if not os.access(shout, os.X_OK):
        sys.exit(f"classroom: no shout binary at {shout} (build it, or give --shout PATH)")
    seconds = int(args.minutes * 60)
    report = dict(shout=shout, clients=args.clients, loss_percent=args.loss, seconds=seconds,
                  started=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), loadavg_start=open(
                      "/proc/loadavg").read().split()[:3])
    lab = Lab(args.clients)
    screen = Screen(f"classroom-{os.getpid()}", "class")
    drivers = []
    logs = tempfile.mkdtemp(prefix="classroom-")

    def stop(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        print(f"classroom: making {args.clients + 1} hosts…", file=sys.stderr)
        lab.build()
        server_ns = lab.hosts[0]
        screen.start(f"exec ip netns exec {server_ns} {shout} server --port {PORT}")
        pid = None
        deadline = time.time() + 20
        while time.time() < deadline:
            pid = screen.pane_pid()
            try:
                is_shout = pid and open(f"/proc/{pid}/comm").read().strip() == os.path.basename(shout)[:15]
            except OSError:
                is_shout = False
            if is_shout and "udp+tcp :12000" in screen.text():
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"the server's screen did not come up:\n{screen.text()}")
        if ask(lab, lab.hosts[1], "udp", "ready?", 5) != "READY?" or ask(lab, lab.hosts[1], "tcp", "ready?",
                                                                           5) != "READY?":
            raise RuntimeError("the server does not answer")
        # The loss starts now: everything counted from here on is the class's.
        lab.nft(server_ns, server_rules(args.clients, args.loss))
        for host in lab.hosts[1:]:
            lab.nft(host, client_rules(args.loss))
        snmp_before = {host: lab.snmp_udp(host) for host in lab.hosts}
        header_before = screen.text().splitlines()[0]
        start = time.time() + 2
        end = start + seconds
        for index, host in enumerate(lab.hosts[1:], 2):
            config = dict(host=index, server=SERVER_ADDRESS, port=PORT, shout=shout, start=start, end=end,
                          pause_min=args.pause_min, pause_max=args.pause_max, heartbeat_interval=1.0,
                          udp_timeout=args.udp_timeout, tcp_timeout=1.0, ping_interval=0.2, drain=5)
            log = open(os.path.join(logs, f"h{index}.err"), "w")
            drivers.append(subprocess.Popen(lab.on(host, [sys.executable, os.path.abspath(__file__), "--driver",
                                                          json.dumps(config)]),
                                            stdout=subprocess.PIPE, stderr=log, env=UTF8))
        print(f"classroom: {args.clients} clients for {seconds} s (driver logs in {logs})…", file=sys.stderr)
        samples = []
        while any(d.poll() is None for d in drivers) and time.time() < end + 240:
            text = screen.text()
            lines = text.splitlines()
            peers = re.search(r"Peers · ([\d,]+) tcp · ([\d,]+) udp", lines[1] if len(lines) > 1 else "")
            samples.append(dict(t=round(time.time() - start, 1), rss=rss_kib(pid), alive=os.path.exists(
                f"/proc/{pid}"), header=lines[0] if lines else "", load=loadavg(),
                udp_peers=int(peers.group(2).replace(",", "")) if peers else None))
            time.sleep(args.sample)
        overrun = [d for d in drivers if d.poll() is None]
        for d in overrun:
            d.kill()
        results = {}
        for d in drivers:
            out = d.communicate()[0].decode().strip().splitlines()
            if out:
                item = json.loads(out[-1])
                results[item["host"]] = item["tallies"]
        time.sleep(1)
        counters = {host: lab.counters(host) for host in lab.hosts}
        snmp_after = {host: lab.snmp_udp(host) for host in lab.hosts}
        header_after = screen.text().splitlines()[0]
        alive = os.path.exists(f"/proc/{pid}")
        end_udp = ask(lab, lab.hosts[1], "udp", "still there, straße?", 10)
        end_tcp = ask(lab, lab.hosts[1], "tcp", "still there, straße?", 3)
        rss_end = rss_kib(pid)
        final_screen = screen.text()
        subprocess.run(screen.tmux + ["send-keys", "-t", screen.session, "q"])
        quit_start = time.time()
        while (screen.exists() or running(pid)) and time.time() < quit_start + 15:
            time.sleep(0.05)
        quit_seconds = round(time.time() - quit_start, 2)
        report.update(dict(overrun=len(overrun), results=results, counters=counters, snmp_before=snmp_before,
                           snmp_after=snmp_after, header_before=header_before, header_after=header_after,
                           samples=samples, alive_at_end=alive, end_udp=end_udp, end_tcp=end_tcp, rss_end=rss_end,
                           final_screen=final_screen, quit_clean=not screen.exists(),
                           exited_after_q=not running(pid), quit_seconds=quit_seconds,
                           loadavg_end=open("/proc/loadavg").read().split()[:3], logs=logs,
                           host_names=lab.hosts))
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for d in drivers:
            if d.poll() is None:
                d.kill()
        screen.kill()
        lab.remove()
        kept = [name for name in os.listdir(logs) if os.path.getsize(os.path.join(logs, name)) > 0]
        if kept:
            print(f"classroom: the drivers wrote to standard error: see {logs}", file=sys.stderr)
        else:
            shutil.rmtree(logs)
    return report


def analyse(report):
    """The verdicts and the tables, as markdown."""
    hosts = report["host_names"]
    counters = report["counters"]
    results = report["results"]
    clients = report["clients"]
    out = []
    problems = []

    def delta(host, field):
        return report["snmp_after"][host].get(field, 0) - report["snmp_before"][host].get(field, 0)

    totals = {}
    for tallies in results.values():
        for kind, tally in tallies.items():
            total = totals.setdefault(kind, new_tally())
            for key, value in tally.items():
                if key == "examples":
                    total["examples"] += value[: max(0, 5 - len(total["examples"]))]
                else:
                    total[key] += value
    out.append(f"# A class of {clients} on a real network")
    out.append("")
    out.append(f"Started {report['started']}; {clients} client hosts and one server host (network namespaces on a "
               f"bridge), {report['loss_percent']} % loss in every host's input (nftables `numgen random`), "
               f"{report['seconds']} s of load; binary `{report['shout']}`.")
    loads = [s["load"] for s in report["samples"]]
    out.append(f"Load average (1 min): {report['loadavg_start'][0]} before, {min(loads):.2f} to {max(loads):.2f} "
               f"during (mean {sum(loads) / len(loads):.2f}), {report['loadavg_end'][0]} after; "
               f"`nproc` = {os.cpu_count()}.")
    if len(results) != clients or report["overrun"]:
        problems.append(f"{clients - len(results)} drivers gave no result, {report['overrun']} overran")
    out.append("")
    out.append("| client | runs | requests | exact replies | wrong | lost | late | dup | TCP waiting said | failures |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind in ("textbook-udp", "plain-udp", "ping", "heartbeat", "textbook-tcp", "plain-tcp"):
        t = totals.get(kind, new_tally())
        out.append(f"| {kind} | {t['runs']:,} | {t['requests']:,} | {t['exact']:,} | {t['wrong']} | {t['lost']:,} | "
                   f"{t['late']} | {t['duplicates']} | {t['waiting']} | {t['failures']} |")
        if t["wrong"]:
            problems.append(f"{kind}: {t['wrong']} wrong replies, e.g. {t['examples']}")
        if t["failures"]:
            problems.append(f"{kind}: {t['failures']} failures, e.g. {t['examples']}")
        if kind.endswith("tcp") and t["lost"]:
            problems.append(f"{kind}: {t['lost']} lines called lost over TCP")
    out.append("")
    out.append("`exact` counts replies byte for byte equal to Python's `str.upper()` of the request (for pings: "
               "`PING <seq> <time>` of its own seq, in time). `lost` is what the clients themselves counted: the "
               "textbook UDP client's timeouts, `lost:` lines of `shout client --plain`, pings sent less received "
               "(as ping(8)), heartbeats without a reply by the end (their replies are read throughout, and for "
               "5 s after the last). `late` is a reply the client saw after it had counted it lost.")
    out.append("")
    # UDP accounting: per host and kind, the client's count against the drops each way.
    out.append("## UDP losses against the firewalls' counters")
    out.append("")
    out.append("| client | lost (clients) | dropped on the way to the server | dropped on the way back | late | "
               "unexplained |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    mismatches = []
    for kind in KINDS:
        lost = to_server = back = late = 0
        for n in range(2, clients + 2):
            tally = results.get(n, {}).get(kind)
            if tally is None:
                continue
            host = hosts[n - 1]
            a = counters[hosts[0]].get(f"{n} {kind}", 0)
            b = counters[host].get(kind, 0)
            lost += tally["lost"]
            to_server += a
            back += b
            late += tally["late"]
            if tally["lost"] != a + b + tally["late"]:
                mismatches.append(f"h{n} {kind}: lost {tally['lost']}, dropped {a} + {b}, late {tally['late']}")
        out.append(f"| {kind} | {lost:,} | {to_server:,} | {back:,} | {late} | {lost - to_server - back - late} |")
    out.append("")
    no_ports = sum(delta(h, "NoPorts") for h in hosts[1:])
    buffer_errors = {h: delta(h, "RcvbufErrors") + delta(h, "InErrors") for h in hosts}
    other_udp = sum(c.get("udp other", 0) for c in counters.values())
    tcp_dropped = counters[hosts[0]].get("tcp", 0), sum(counters[h].get("tcp", 0) for h in hosts[1:])
    other = sum(c.get("other", 0) for c in counters.values())
    out.append(f"Per host and per kind of client ({clients} × {len(KINDS)} pairs): "
               + ("**every pair exact** (lost = dropped to the server + dropped back + late)." if not mismatches
                  else f"**{len(mismatches)} pairs differ**: " + "; ".join(mismatches[:10])))
    out.append(f"Datagrams that reached a client host after its socket had closed (UDP `NoPorts`, the clients' "
               f"hosts): {no_ports}; receive-buffer or input errors (`RcvbufErrors` + `InErrors`): server "
               f"{buffer_errors[hosts[0]]}, clients {sum(buffer_errors[h] for h in hosts[1:])}. Other UDP dropped: "
               f"{other_udp}. TCP segments dropped: {tcp_dropped[0]:,} on the way to the server, {tcp_dropped[1]:,} "
               f"on the way back; other packets dropped (ICMP, IPv6 neighbour discovery): {other}.")
    if mismatches:
        problems.append(f"UDP losses not accounted for: {mismatches[:10]}")
    if other_udp:
        problems.append(f"{other_udp} UDP datagrams of no known kind dropped")
    out.append("")
    # The server's own count.
    in_before, out_before = header_counts(report["header_before"])
    in_after, out_after = header_counts(report["header_after"])
    if None not in (in_before, in_after, out_before, out_after):
        udp_requests = sum(totals[k]["requests"] for k in KINDS)
        udp_to_server = sum(counters[hosts[0]].get(f"{n} {k}", 0) for n in range(2, clients + 2) for k in KINDS)
        tcp_requests = totals["textbook-tcp"]["requests"] + totals["plain-tcp"]["requests"]
        expected_in = udp_requests - udp_to_server + tcp_requests
        out.append(f"The server's header counted in {in_after - in_before:,} and out {out_after - out_before:,} during "
                   f"the run; the clients sent {udp_requests:,} datagrams, of which {udp_to_server:,} were dropped on "
                   f"the way, and {tcp_requests:,} TCP lines: {expected_in:,} expected in.")
        if in_after - in_before != expected_in or out_after - out_before != expected_in:
            problems.append(f"the server's header counted in {in_after - in_before}, out {out_after - out_before}, "
                            f"expected {expected_in} each")
        out.append("")
    # The screen.
    samples = report["samples"]
    unchanged = [(a["t"], b["t"]) for a, b in zip(samples, samples[1:]) if a["header"] == b["header"]]
    out.append("## The server")
    out.append("")
    out.append(f"Screen: {len(samples)} samples of `capture-pane` {samples[1]['t'] - samples[0]['t']:.0f} s apart; "
               f"the header changed between every two: **{'yes' if not unchanged else 'no'}**"
               + (f" (unchanged between {unchanged[:5]})" if unchanged else "") + ".")
    out.append(f"First header: `{samples[0]['header'].strip('┌┐─ ')}`")
    out.append(f"Last header:  `{report['header_after'].strip('┌┐─ ')}`")
    if unchanged:
        problems.append(f"the screen's header did not change between {len(unchanged)} pairs of samples")
    dead = [s["t"] for s in samples if not s["alive"]]
    if dead:
        problems.append(f"the server was gone at {dead[0]} s")
    rss = [(s["t"], s["rss"]) for s in samples if s["rss"] is not None]
    warm = [kib for t, kib in rss if t >= 60] or [kib for _, kib in rss]
    minute2 = [kib for t, kib in rss if 60 <= t < 120] or warm
    last = [kib for t, kib in rss if t >= rss[-1][0] - 60] or warm
    growth = sum(last) / len(last) - sum(minute2) / len(minute2)
    flat = growth <= max(512, 0.02 * sum(minute2) / len(minute2))
    out.append(f"RSS (`VmRSS`, MiB): {rss[0][1] / 1024:.1f} at the first sample; after the first minute "
               f"{min(warm) / 1024:.1f} to {max(warm) / 1024:.1f}; mean of the second minute "
               f"{sum(minute2) / len(minute2) / 1024:.1f}, of the last minute {sum(last) / len(last) / 1024:.1f}: "
               f"**{'flat' if flat else 'growing'}** (flat: the last minute's mean at most 2 % or 0.5 MiB above the "
               f"second's).")
    by_minute = []
    for minute in range(0, int(samples[-1]["t"] // 60) + 1):
        chunk = [s for s in samples if minute * 60 <= s["t"] < (minute + 1) * 60 and s["rss"] is not None]
        if chunk:
            peers = [s["udp_peers"] for s in chunk if s.get("udp_peers") is not None]
            by_minute.append(f"{minute}–{minute + 1} min: {min(s['rss'] for s in chunk) / 1024:.2f} to "
                             f"{max(s['rss'] for s in chunk) / 1024:.2f} MiB, UDP peers listed "
                             f"{min(peers) if peers else '?'} to {max(peers) if peers else '?'}")
    out.append("By minute: " + "; ".join(by_minute) + ". (The Peers pane keeps at most 1,000 senders; each run of "
               "a textbook client, `shout client` or `shout ping` is a new source port, so a new sender.)")
    # The Peers pane fills up to its bound as the class goes on; what matters is that the RSS stops with it.
    first_full = next((i for i, s in enumerate(samples) if (s.get("udp_peers") or 0) >= 900), None)
    full = [s for s in samples[first_full:] if s["rss"] is not None] if first_full is not None else []
    flat_when_full = None
    if full and full[-1]["t"] - full[0]["t"] >= 60:
        low, high = min(s["rss"] for s in full), max(s["rss"] for s in full)
        flat_when_full = high - low <= max(512, 0.02 * low)
        out.append(f"From the first sample with 900 senders or more listed ({full[0]['t']:.0f} s) to the end "
                   f"({len(full)} samples, {full[-1]['t'] - full[0]['t']:.0f} s): RSS {low / 1024:.2f} to "
                   f"{high / 1024:.2f} MiB: **{'flat' if flat_when_full else 'growing'}** (within 2 % or 0.5 MiB).")
    elif not flat:
        out.append("The Peers pane was not near its bound for a minute or more: run longer (`--minutes 10`) to see "
                   "whether the RSS stops growing with it.")
    if not flat and not flat_when_full:
        problems.append(f"RSS grew by {growth / 1024:.1f} MiB from the second minute to the last"
                        + ("" if flat_when_full is None else ", and still once the Peers pane was full"))
    out.append(f"At the end: alive **{report['alive_at_end']}**; UDP answered `{report['end_udp']}`, TCP answered "
               f"`{report['end_tcp']}`; RSS {report['rss_end'] / 1024 if report['rss_end'] else 0:.1f} MiB; "
               f"`q` ended its screen and its process: {report['quit_clean'] and report['exited_after_q']} (after "
               f"{report.get('quit_seconds', '?')} s).")
    if not report["alive_at_end"] or report["end_udp"] != "STILL THERE, STRASSE?" or report[
            "end_tcp"] != "STILL THERE, STRASSE?":
        problems.append("the server was not alive and answering at the end")
    if not (report["quit_clean"] and report["exited_after_q"]):
        problems.append(f"the server did not end within 15 s of q (screen gone: {report['quit_clean']}, "
                        f"process gone: {report['exited_after_q']})")
    out.append("")
    out.append("The server's screen at the end:")
    out.append("")
    out.append("```")
    out.extend(line.rstrip() for line in report["final_screen"].splitlines()[:12])
    out.append("```")
    out.append("")
    out.append("## Verdict")
    out.append("")
    out.append("**Nothing wrong.**" if not problems else "\n".join(f"- **{p}**" for p in problems))
    return "\n".join(out), problems


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--driver":
        driver(json.loads(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5, help="length of the run (default 5)")
    parser.add_argument("--clients", type=int, default=30, help="client hosts (default 30, at most 250)")
    parser.add_argument("--loss", type=int, default=5, help="percent of packets lost in each host's input")
    parser.add_argument("--shout", default=default_shout(),
                        help="the binary (default .build/release/shout, else .build/debug/shout; nothing is built)")
    parser.add_argument("--udp-timeout", type=float, default=2.0, help="seconds a UDP client waits for a reply")
    parser.add_argument("--pause-min", type=float, default=1.0, help="least pause between two items of a client")
    parser.add_argument("--pause-max", type=float, default=4.0, help="longest pause between two items of a client")
    parser.add_argument("--sample", type=float, default=3.0, help="seconds between two samples of screen and RSS")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--report-from", metavar="JSON", help="only print the report of a run's --json file")
    args = parser.parse_args()
    if args.report_from:
        with open(args.report_from) as f:
            report = json.load(f)
        report["results"] = {int(host): tallies for host, tallies in report["results"].items()}
        text, problems = analyse(report)
        print(text)
        sys.exit(1 if problems else 0)
    if not 1 <= args.clients <= 250:
        parser.error("--clients must be 1 to 250")
    try:
        report = orchestrate(args)
    except KeyboardInterrupt:
        sys.exit("classroom: interrupted; the lab is removed")
    text, problems = analyse(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, ensure_ascii=False)
    print(text)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
