# Asks for a tool and waits: the client never answers (it crashed, or it is an attacker holding a slot).
await echo(x=1)
print("ESCAPED: resumed without an answer")
