# The textbook TCP client: connect, one send of the sentence (no newline), one recv(1024), print, close.
# Usage: tcp_client.py HOST PORT SENTENCE [TIMEOUT]. Prints the reply as raw bytes. A timeout (3 s unless given) keeps
# tests from hanging.
import socket
import sys

server_name, server_port = sys.argv[1], int(sys.argv[2])
client_socket = socket.socket(socket.AF_INET6 if ":" in server_name else socket.AF_INET, socket.SOCK_STREAM)
client_socket.settimeout(float(sys.argv[4]) if len(sys.argv) > 4 else 3)
client_socket.connect((server_name, server_port))
client_socket.send(sys.argv[3].encode())
modified_sentence = client_socket.recv(1024)
sys.stdout.buffer.write(modified_sentence)
sys.stdout.buffer.flush()
client_socket.close()
