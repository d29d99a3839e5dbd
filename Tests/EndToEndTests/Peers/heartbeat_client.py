# The UDP Pinger lab's optional Heartbeat client: sends "Heartbeat <seq> <time>" datagrams, then stops.
# Usage: heartbeat_client.py PORT INTERVAL_SECONDS SEQ... It sends the sequence numbers given, in that order (so a
# test can skip some and reorder others), INTERVAL apart, prints "sent N" after each, and exits: the peer stops.
import sys
import time
from socket import AF_INET, SOCK_DGRAM, socket

server_port = int(sys.argv[1])
interval = float(sys.argv[2])
client_socket = socket(AF_INET, SOCK_DGRAM)
for seq in sys.argv[3:]:
    client_socket.sendto(("Heartbeat %s %f" % (seq, time.time())).encode(), ("127.0.0.1", server_port))
    print("sent " + seq, flush=True)
    time.sleep(interval)
