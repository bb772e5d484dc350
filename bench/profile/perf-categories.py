"""CPU share of a `perf record -g` profile of a Brook broker, by thread group and by what the sample was
doing: the syscall it was in, or which code (Brook, kafka-clients, Netty, interpreter). See
profile-brook.sh and docs/performance.md ("Where the time goes").

usage: python3 bench/profile/perf-categories.py <dir>/produce.perf
"""
import collections, glob, os, re, shutil, subprocess, sys

f = sys.argv[1]
for m in glob.glob(os.path.join(os.path.dirname(os.path.abspath(f)), 'perf-*.map')):
    target = os.path.join('/tmp', os.path.basename(m))  # perf resolves JIT frames from /tmp/perf-<pid>.map
    if not os.path.exists(target):
        shutil.copy(m, target)
out = subprocess.run(['perf', 'script', '-i', f, '-F', 'comm,ip,sym,dso'], capture_output=True, text=True).stdout
samples = out.split('\n\n')
cat = collections.Counter(); thr = collections.Counter(); total = 0
def classify(comm, frames):
    if comm.startswith('C2 Compiler') or comm.startswith('C1 Compiler'): return 'JIT compiler threads'
    if comm.startswith('GC Thread') or comm.startswith('G1'): return 'GC threads'
    if not comm.startswith('brook'): return 'other JVM threads (' + re.sub(r'[#\d].*', '', comm) + ')'
    text = '\n'.join(frames)
    sc = re.search(r'__x64_sys_(\w+)', text) or re.search(r'__do_sys_(\w+)', text)
    if sc:
        return 'io/scheduler thread, kernel: ' + sc.group(1)
    top = frames[0] if frames else ''
    if '[kernel' in top: return 'io/scheduler thread, kernel: other (irq/softirq/sched)'
    for key, name in [('CRC32C', 'CRC32C'), ('io.brook.storage', 'brook-storage'), ('kafka', 'kafka-clients codec'),
                      ('io.brook.protocol', 'brook-protocol'), ('io.netty', 'netty'), ('Interpreter', 'interpreter (not yet compiled)')]:
        if key in top: return 'io/scheduler thread, Java: ' + name
    # attribute by the first recognisable frame
    for fr in frames:
        for key, name in [('io.brook.storage', 'brook-storage'), ('org.apache.kafka', 'kafka-clients codec'),
                          ('io.brook.protocol', 'brook-protocol'), ('io.brook', 'brook other'), ('io.netty', 'netty')]:
            if key in fr: return 'io/scheduler thread, Java: ' + name + ' (incl. JDK/VM callees)'
    return 'io/scheduler thread, Java/VM: other'
for s in samples:
    lines = [l.strip() for l in s.strip().split('\n') if l.strip()]
    if not lines: continue
    head = lines[0]
    comm = head.split()[0] if head else '?'
    # perf script puts comm on the first line (may contain spaces); frames follow
    m = re.match(r'^(.*?)\s+$', head)
    comm = head.strip()
    frames = lines[1:]
    c = classify(comm, frames)
    cat[c] += 1; total += 1
print(f'{total} samples')
for c, n in cat.most_common(30): print(f'{n*100/total:5.1f}%  {c}')
