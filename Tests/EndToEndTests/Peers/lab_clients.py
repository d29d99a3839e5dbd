# Client programs as students write them for the socket labs, to be graded by `shout check --client`: the textbook
# UDPClient and TCPClient, a Pinger client and a Heartbeat client, each faithful by default, and with one defect
# each when named. Usage: lab_clients.py LAB PORT [DEFECT] [SECONDS]
#   LAB: udp | tcp | pinger | heartbeat; SECONDS is the client's timeout (or the heartbeat interval).
#   udp, tcp defects: textbook (as printed in the book), timeout (settimeout and a message: every check passes),
#     newline, silent, bytes, hang, wrong-port, readall (tcp: reads until the server closes), escape, flood,
#     bigout, fork:PIDFILE (a child that outlives the client writes its pid to PIDFILE), ipv6 (to ::1)
#   pinger defects: good, good-ms, good-lines, good-plain (the same client, other ways of printing),
#     no-settimeout, no-seq, us-as-ms, zero-timeout, except-all, avg-over-sent
#   heartbeat defects: good, dies (recvfrom outside its try)
# The server is localhost (::1 for ipv6), or the address in the environment's LAB_SERVER (a host of a test network);
# an IPv6 address makes every client an IPv6 one.
import os
import sys
import time
from socket import AF_INET, AF_INET6, SOCK_DGRAM, SOCK_STREAM, socket
from socket import timeout as socket_timeout

lab, server_port = sys.argv[1], int(sys.argv[2])
defect = sys.argv[3] if len(sys.argv) > 3 else "textbook"
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
server_name = os.environ.get("LAB_SERVER") or ("::1" if defect == "ipv6" else "localhost")
family = AF_INET6 if ":" in server_name else AF_INET


def udp_client():
    port = server_port + 1 if defect == "wrong-port" else server_port
    client_socket = socket(family, SOCK_DGRAM)
    if defect == "timeout":
        client_socket.settimeout(seconds)
    message = input("Input lowercase sentence:")
    if defect == "newline":
        message += "\n"
    if defect == "flood":
        for _ in range(5000):
            client_socket.sendto(message.encode(), (server_name, port))
    client_socket.sendto(message.encode(), (server_name, port))
    if defect.startswith("fork:"):
        if os.fork() == 0:
            with open(defect[5:], "w") as pid_file:
                pid_file.write(str(os.getpid()))
            time.sleep(600)
            os._exit(0)
    try:
        modified_message, server_address = client_socket.recvfrom(2048)
    except socket_timeout:
        print("No reply within %.1f s: the request timed out" % seconds)
        sys.exit(1)
    if defect == "bytes":
        print(modified_message)
    elif defect == "escape":
        print("\x1b[2J\x1b]0;pwned\x07" + modified_message.decode())
    elif defect == "bigout":
        print(modified_message.decode())
        sys.stdout.write("x" * (10 * 1024 * 1024))
    elif defect != "silent":
        print(modified_message.decode())
    client_socket.close()
    while defect == "hang":
        time.sleep(1)


def tcp_client():
    client_socket = socket(family, SOCK_STREAM)
    client_socket.connect((server_name, server_port))
    sentence = input("Input lowercase sentence:")
    if defect == "newline":
        sentence += "\n"
    client_socket.send(sentence.encode())
    if defect == "readall":
        modified_sentence = b""
        while True:
            part = client_socket.recv(1024)
            if not part:
                break
            modified_sentence += part
    else:
        modified_sentence = client_socket.recv(1024)
    if defect == "bytes":
        print("From Server:", modified_sentence)
    elif defect != "silent":
        print("From Server:", modified_sentence.decode())
    if defect == "noclose":
        os._exit(0)
    client_socket.close()


def pinger():
    client_socket = socket(family, SOCK_DGRAM)
    if defect == "zero-timeout":
        client_socket.settimeout(0)
    elif defect != "no-settimeout":
        client_socket.settimeout(seconds)
    rtts = []
    for seq in range(1, 11):
        sent = time.time()
        client_socket.sendto(("Ping %d %f" % (seq, sent)).encode(), (server_name, server_port))
        reply = None
        while True:
            try:
                if defect not in ("zero-timeout", "no-settimeout"):
                    remaining = sent + seconds - time.time()
                    if remaining <= 0:
                        break
                    client_socket.settimeout(remaining)
                data, _ = client_socket.recvfrom(1024)
                text = data.decode() if defect == "except-all" else data.decode(errors="replace")
            except socket_timeout:
                break
            except Exception:
                if defect in ("except-all", "zero-timeout"):
                    break
                raise
            words = text.split()
            if defect != "no-seq" and (len(words) < 2 or words[1] != str(seq)):
                continue
            reply = text
            break
        if reply is None:
            print("Request timed out" if defect != "good-plain" else "%d lost" % seq)
            continue
        rtt = time.time() - sent
        rtts.append(rtt)
        if defect == "good-ms":
            print("Sequence %d: RTT = %.3f ms" % (seq, rtt * 1000))
        elif defect == "good-lines":
            print("Reply from 127.0.0.1: %s" % reply)
            print("RTT: %s" % rtt)
        elif defect == "good-plain":
            print("%d RTT %.4f" % (seq, rtt))
        elif defect == "us-as-ms":
            print("%s RTT %.1f ms" % (reply, rtt * 1e6))
        else:
            print("%s RTT %.6f s" % (reply, rtt))
    if rtts:
        average = sum(rtts) / (10 if defect == "avg-over-sent" else len(rtts))
        print("min %.6f s avg %.6f s max %.6f s" % (min(rtts), average, max(rtts)))
    print("packet loss rate %d%%" % ((10 - len(rtts)) * 10))


def heartbeat():
    client_socket = socket(family, SOCK_DGRAM)
    client_socket.settimeout(seconds / 2)
    seq = 0
    while True:
        seq += 1
        client_socket.sendto(("Heartbeat %d %f" % (seq, time.time())).encode(), (server_name, server_port))
        started = time.time()
        if defect == "dies":
            client_socket.recvfrom(1024)
        else:
            try:
                client_socket.recvfrom(1024)
            except socket_timeout:
                print("heartbeat %d: no reply" % seq)
        time.sleep(max(0.0, started + seconds - time.time()))


{"udp": udp_client, "tcp": tcp_client, "pinger": pinger, "heartbeat": heartbeat}[lab]()
