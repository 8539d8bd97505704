# Golden values for DvcHashTest: DVC's hash algorithm written directly from dvc-data
# (hashfile/hash.py, istextfile.py, build.py, tree.py) with Python's hashlib, json and os.walk.
# Usage: python3 dvc_hash.py MODE PATH... -> one line per path: {"md5", "size", "nfiles"[, "manifest"]}
import hashlib, json, os, sys

TEXT_CHARS = bytes(range(32, 127)) + b"\n\r\t\f\b"

def istextblock(block):
    if not block:
        return True
    if b"\x00" in block:
        return False
    return len(block.translate(None, TEXT_CHARS)) / len(block) <= 0.30

def file_md5(path, mode):
    md5, size = hashlib.md5(), 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(2 ** 20)
            if not chunk:
                break
            size += len(chunk)
            if mode == "md5-dos2unix" and istextblock(chunk[:512]):
                chunk = chunk.replace(b"\r\n", b"\n")
            md5.update(chunk)
    return md5.hexdigest(), size

def dir_md5(root, mode):
    entries, size = [], 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            md5, n = file_md5(path, mode)
            size += n
            entries.append({"md5": md5, "relpath": os.path.relpath(path, root).replace(os.sep, "/")})
    entries.sort(key=lambda e: e["relpath"])
    manifest = json.dumps(entries, sort_keys=True)
    return hashlib.md5(manifest.encode("utf-8")).hexdigest() + ".dir", size, len(entries), manifest

mode = sys.argv[1]
for path in sys.argv[2:]:
    if os.path.isdir(path):
        md5, size, nfiles, manifest = dir_md5(path, mode)
        print(json.dumps({"md5": md5, "size": size, "nfiles": nfiles, "manifest": manifest}))
    else:
        md5, size = file_md5(path, mode)
        print(json.dumps({"md5": md5, "size": size, "nfiles": 1}))
