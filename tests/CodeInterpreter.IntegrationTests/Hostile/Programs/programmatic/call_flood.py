# Programmatic tool calling: one gather() of 5000 tool calls, far more than one round trip may carry.
# The service must stop the run with a clear error instead of handing the client 5000 calls.
results = await asyncio.gather(*[echo(i=i) for i in range(5000)])
print("ESCAPED: the flood of", len(results), "calls was answered")
