# The UDP Pinger lab's optional Heartbeat client: sends "Heartbeat <seq> <time>" datagrams, then stops.
# Usage: heartbeat_client.py PORT INTERVAL_SECONDS SEQ... It sends the sequence numbers given, in that order (so a
# test can skip some and reorder others), INTERVAL apart, prints "sent N" after each, and exits: the peer stops.
# "A+B" sends A and B back to back in B's turn, each with the time of its own turn written in it: what a server sees
# when the network (or its own busy loop) holds A back and both arrive together. "-" sends nothing in its turn, and
# "say:TEXT" sends TEXT as it is from the same socket (a line typed after the pings). With "--behind SECONDS" before
# the sequence numbers, the time written in each is that many seconds before its turn: the server should show a
# one-way delay of about SECONDS.
import sys
import time
from socket import AF_INET, SOCK_DGRAM, socket

server_port = int(sys.argv[1])
interval = float(sys.argv[2])
client_socket = socket(AF_INET, SOCK_DGRAM)
start = time.time()
turn = 0
items = sys.argv[3:]
behind = 0.0
if items[:1] == ["--behind"]:
    behind = float(items[1])
    items = items[2:]
for item in items:
    if item == "-" or item.startswith("say:"):
        turn += 1
        time.sleep(max(0.0, start + (turn - 1) * interval - time.time()))
        if item != "-":
            client_socket.sendto(item[4:].encode(), ("127.0.0.1", server_port))
            print("said " + item[4:], flush=True)
        continue
    group = item.split("+")
    first_turn = turn
    turn += len(group)
    time.sleep(max(0.0, start + (turn - 1) * interval - time.time()))
    for offset, seq in enumerate(group):
        sent_at = start + (first_turn + offset) * interval - behind
        client_socket.sendto(("Heartbeat %s %f" % (seq, sent_at)).encode(), ("127.0.0.1", server_port))
        print("sent " + seq, flush=True)
time.sleep(interval)
