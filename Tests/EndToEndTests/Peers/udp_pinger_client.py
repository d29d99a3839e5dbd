# The UDP Pinger lab's client, as students write it: 10 pings "Ping <sequence_number> <time>", each waiting up to
# one second for its reply; prints each reply with its RTT or "Request timed out", then min/avg/max RTT and the
# loss rate. Usage: udp_pinger_client.py PORT [TIMEOUT_SECONDS] (the timeout may be shortened for test speed).
import sys
import time
from socket import AF_INET, SOCK_DGRAM, socket
from socket import timeout as socket_timeout

server_port = int(sys.argv[1])
wait = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
client_socket = socket(AF_INET, SOCK_DGRAM)
client_socket.settimeout(wait)
rtts = []
for sequence_number in range(1, 11):
    sent = time.time()
    message = "Ping %d %f" % (sequence_number, sent)
    client_socket.sendto(message.encode(), ("127.0.0.1", server_port))
    try:
        reply, _ = client_socket.recvfrom(1024)
        rtt = time.time() - sent
        rtts.append(rtt)
        print("%s RTT %.6f s" % (reply.decode(), rtt))
    except socket_timeout:
        print("Request timed out")
if rtts:
    print("min %.6f avg %.6f max %.6f" % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
print("loss %d%%" % ((10 - len(rtts)) * 10))
