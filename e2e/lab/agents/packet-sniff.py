# A sniffer: an AF_PACKET socket receiving every frame (ETH_P_ALL) on every interface, counting them.
# Usage: packet-sniff.py SECONDS
import socket, sys, time

sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
sock.settimeout(0.5)
print('READY', flush=True)
end = time.monotonic() + float(sys.argv[1])
frames = 0
while time.monotonic() < end:
    try:
        sock.recv(65535)
        frames += 1
    except socket.timeout:
        pass
print(f'captured {frames} frames', flush=True)
