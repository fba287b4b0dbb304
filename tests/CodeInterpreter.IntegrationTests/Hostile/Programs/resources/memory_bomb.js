// Buffers live outside V8's heap limit, so only the memory cgroup can stop this.
const hog = [];
for (;;) {
  hog.push(Buffer.alloc(32 * 1024 * 1024, 1));
  if (hog.length > 256) {
    console.log('ESCAPED memory: 8 GiB allocated');
    break;
  }
}
