// The VERIFY.md placed in every evidence package: how to check it by hand, naming every algorithm (BC-04).
import type { Manifest } from './package.js';

export function verifyMarkdown(m: Manifest): string {
  const H = m.hash === 'sm3' ? 'SM3 (GB/T 32905-2016)' : 'SHA-256 (FIPS 180-4)';
  const py = m.hash === 'sm3' ? "hashlib.new('sm3', d).digest()" : 'hashlib.sha256(d).digest()';
  return `# How to verify this evidence package

This package proves that each record under \`leaves/\` is entry number N of the append-only evidence log
\`${m.origin}\`, that the log signed a tree head (checkpoint) covering it, and that each file under \`files/\` is
byte for byte the file whose digests the record carries. Nothing here needs our servers: only the public
algorithms named below.

- Tree hash H: **${H}**, for the whole log.
- Merkle tree: **RFC 9162 section 2.1** (same as RFC 6962): leaf hash = H(0x00 || leaf bytes),
  node hash = H(0x01 || left || right).
- Checkpoint: **C2SP tlog-checkpoint** text, signed as a **C2SP signed note** with **Ed25519** (RFC 8032).
  An optional second signature line uses **SM2** (GB/T 32918.2, signer ID \`1234567812345678\`, SM3), and witness
  lines use **C2SP tlog-cosignature** (cosignature/v1). Verifiers ignore lines from keys they do not know.
- Records: **RFC 8785** canonical JSON; files are referenced by **SHA-256** and **SM3** of their original bytes.

## Step 1: the checkpoint
1. Get the log's public verifier key (vkey) from the log operator's public page, *not only* from
   \`manifest.json\` (whose \`vkeys\` are a convenience copy): \`${m.vkeys[0] ?? '<name>+<hash>+<key>'}\`.
   A vkey is \`<name>+<8 hex key hash>+<base64(0x01 || 32-byte Ed25519 public key)>\`; the key hash is the first
   4 bytes of SHA-256(name || 0x0A || 0x01 || public key).
2. \`checkpoint.txt\` is: origin line, tree size (decimal), base64 root hash, a blank line, then lines
   \`— <key name> <base64(4-byte key hash || 64-byte signature)>\`. The signed message is everything before the
   blank line, including the newline after the root line.
3. Check the Ed25519 signature of the line whose name and key hash match the vkey. Check the origin line is
   \`${m.origin}\`. Take the **tree size and root hash from this checkpoint** (never from a proof).

## Step 2: each record
For each entry of \`manifest.items\`:
1. Hash the exact bytes of \`leaves/N.json\`: \`leaf = H(0x00 || bytes)\`.
2. Fold the inclusion proof (hex hashes) with RFC 9162 section 2.1.3.2, using N and the checkpoint's size:
\`\`\`
fn = N; sn = size - 1; r = leaf
for p in proof:
    if sn == 0: FAIL
    if fn is odd or fn == sn:
        r = H(0x01 || p || r)
        while fn is even and fn != 0: fn >>= 1; sn >>= 1
    else:
        r = H(0x01 || r || p)
    fn >>= 1; sn >>= 1
OK only if sn == 0 and r == root
\`\`\`
3. If the item has a file, compute SHA-256 and SM3 of \`files/…\` and compare them with \`content.sha256\` and
   \`content.sm3\` inside the record (and \`content.size\` with its length).

## Step 3: consistency (only when \`manifest.consistency\` is not null)
Verify \`checkpoint-old.txt\` as in step 1, then check the consistency proof from its size to the new size with
RFC 9162 section 2.1.4.2. This shows the log only grew between the two checkpoints.

## A short script (Python 3, standard library)
\`\`\`python
import hashlib, json, sys, base64, zipfile
z = zipfile.ZipFile(sys.argv[1]); m = json.loads(z.read('manifest.json'))
H = lambda d: ${py}
cp = z.read('checkpoint.txt').decode().split('\\n')
size, root = int(cp[1]), base64.b64decode(cp[2])   # verify the signature first (step 1)!
for it in m['items']:
    fn, sn, r = it['leafIndex'], size - 1, H(b'\\x00' + z.read(it['leaf']))
    for p in map(bytes.fromhex, it['inclusionProof']):
        assert sn != 0
        if fn % 2 == 1 or fn == sn:
            r = H(b'\\x01' + p + r)
            while fn % 2 == 0 and fn != 0: fn //= 2; sn //= 2
        else:
            r = H(b'\\x01' + r + p)
        fn //= 2; sn //= 2
    print(it['leafIndex'], 'OK' if sn == 0 and r == root else 'FAIL')
\`\`\`
The project's own verifier does all of the above: \`recourse evidence verify <package.zip> --vkey '<vkey>'\`.
`;
}
