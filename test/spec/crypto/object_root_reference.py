# The object root (docs/PROTOCOL.md 1, 4.2) written from the spec alone, with Python's hashlib: reads the vector,
# rebuilds its file, and prints the root, the chunk nodes, and whether the segment proof and the chunk path verify.
import hashlib, json, sys

def h(*parts):
    return hashlib.sha3_256(b''.join(parts)).digest()

def root_of(nodes):
    while len(nodes) > 1:
        nodes = [h(b'\x01', nodes[i], nodes[i + 1]) for i in range(0, len(nodes) - 1, 2)] + (
            [nodes[-1]] if len(nodes) % 2 else [])
    return nodes[0]

def leaves(data):
    return [h(b'\x00', data[i:i + 1024]) for i in range(0, len(data), 1024)]

def verify(root, node, index, count, siblings):
    siblings = list(siblings)
    while count > 1:
        if index ^ 1 < count:
            other = siblings.pop(0)
            node = h(b'\x01', node, other) if index % 2 == 0 else h(b'\x01', other, node)
        index, count = index >> 1, (count + 1) // 2
    return not siblings and node == root

v = json.load(open(sys.argv[1]))
size = v['file']['size']
data = bytes(i % 251 for i in range(size))
segments = leaves(data)
chunks = [data[i:i + 65536] for i in range(0, size, 65536)]
root = root_of(segments)
p, c = v['segmentProof'], v['chunk']
hx = bytes.fromhex
print(json.dumps({
    'root': root.hex(),
    'segmentCount': len(segments),
    'chunkNodes': [root_of(leaves(chunk)).hex() for chunk in chunks],
    'segment': data[p['index'] * 1024:(p['index'] + 1) * 1024].hex(),
    'segmentProofVerifies': verify(root, h(b'\x00', hx(p['segment'])), p['index'], len(segments),
                                   map(hx, p['siblings'])),
    'chunkProofVerifies': verify(root, root_of(leaves(chunks[c['index']])), c['index'], len(chunks),
                                 map(hx, c['proof'])),
}))
