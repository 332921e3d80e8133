# An ICMP-tunnel-like stream: echo requests carrying data chunks from one raw socket, at a fixed rate.
# Usage: icmp-stream.py TARGET RATE_PER_SEC SECONDS
import os, socket, struct, sys, time

def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack(f'!{len(data) // 2}H', data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF

target, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
sock.setblocking(False)
ident = os.getpid() & 0xFFFF
print('READY', flush=True)
end = time.monotonic() + seconds
seq = 0
while time.monotonic() < end:
    payload = os.urandom(480)  # the "tunnelled" bytes
    header = struct.pack('!BBHHH', 8, 0, 0, ident, seq & 0xFFFF)
    packet = struct.pack('!BBHHH', 8, 0, checksum(header + payload), ident, seq & 0xFFFF) + payload
    sock.sendto(packet, (target, 0))
    seq += 1
    try:
        while True:
            sock.recv(2048)
    except BlockingIOError:
        pass
    time.sleep(1 / rate)
