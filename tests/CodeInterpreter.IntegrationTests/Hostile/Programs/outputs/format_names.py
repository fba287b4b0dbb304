# Names that look like other names on screen: a right-to-left override makes 'report<RLO>fdp.exe' read
# 'reportexe.pdf'; zero-width characters and a BOM make two names look alike. None may be kept or reported;
# the plain file is. A path whose every segment fits the kernel's 255 bytes but whose whole is over the
# service's 512-byte budget is skipped too.
import os

for name in ['report\u202efdp.exe', 'zero\u200bwidth.txt', '\ufeffbom.txt', 'isolate\u2067x.txt', 'plain.txt']:
    with open(name, 'w') as f:
        f.write('named')
deep = os.path.join('\u00e9' * 125, '\u00e9' * 125)
os.makedirs(deep)
with open(os.path.join(deep, 'over-the-budget.txt'), 'w') as f:
    f.write('deep')
print('DONE')
