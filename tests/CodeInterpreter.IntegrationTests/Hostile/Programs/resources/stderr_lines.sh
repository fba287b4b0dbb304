# 50,000 short lines on stderr.
for i in $(seq 1 50000); do echo "warning line $i"; done >&2
echo DONE
