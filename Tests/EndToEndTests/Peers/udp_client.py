# The textbook UDP client: one sendto of the sentence's bytes (no newline), one recvfrom(2048), print, close.
# Usage: udp_client.py HOST PORT SENTENCE  (SENTENCE may also come on stdin with "-"). Prints the reply as
# raw bytes on stdout. A timeout (3 s) is added only so a test cannot hang.
import socket
import sys

server_name, server_port = sys.argv[1], int(sys.argv[2])
message = sys.stdin.buffer.read() if sys.argv[3] == "-" else sys.argv[3].encode()
client_socket = socket.socket(socket.AF_INET6 if ":" in server_name else socket.AF_INET, socket.SOCK_DGRAM)
client_socket.settimeout(3)
client_socket.sendto(message, (server_name, server_port))
modified_message, server_address = client_socket.recvfrom(2048 if len(message) <= 2048 else 65535)
sys.stdout.buffer.write(modified_message)
sys.stdout.buffer.flush()
client_socket.close()
