"""Programmatic tool calling: runs /code/main.py with top-level await; each tool is an async function that asks the
service over the job's socket. Calls made together (asyncio.gather) travel as one batch: one round trip."""
import ast
import asyncio
import json
import sys
import traceback

SOURCE = '/code/main.py'
SOCKET = '/run/codeapi/sock'


class ToolError(Exception):
    """A tool failed; the message is the tool's error."""


class _Bridge:
    def __init__(self):
        self._pending = []
        self._scheduled = False
        self._lock = None
        self._stream = None

    async def call(self, name, arguments):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending.append((name, arguments, future))
        if not self._scheduled:
            self._scheduled = True
            loop.create_task(self._flush())
        return await future

    async def _flush(self):
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            # Let every task of the same gather() reach its call first: one batch, one round trip.
            for _ in range(4):
                await asyncio.sleep(0)
            batch, self._pending, self._scheduled = self._pending, [], False
            batch = [entry for entry in batch if not entry[2].done()]
            if not batch:
                return
            try:
                results = await self._exchange([{'name': n, 'input': a} for n, a, _ in batch])
            except Exception as error:  # the channel failed: every waiting call fails with it
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                return
            for (_, _, future), result in zip(batch, results):
                if future.done():
                    continue
                if result.get('ok'):
                    future.set_result(result.get('value'))
                else:
                    future.set_exception(ToolError(result.get('error') or 'the tool failed'))

    async def _exchange(self, calls):
        if self._stream is None:
            self._stream = await asyncio.open_unix_connection(SOCKET, limit=1 << 30)
        reader, writer = self._stream
        line = json.dumps({'calls': calls}, ensure_ascii=False, separators=(',', ':'), default=str)
        writer.write(line.encode('utf-8') + b'\n')
        await writer.drain()
        reply = await reader.readline()
        if not reply:
            raise ConnectionError('the service closed the tool channel')
        results = json.loads(reply).get('results')
        if not isinstance(results, list) or len(results) != len(calls):
            raise ConnectionError('the service answered the tool calls wrongly')
        return results


_bridge = _Bridge()


def _tool(name, description):
    async def tool(*args, **kwargs):
        if args:
            raise TypeError(f'{name}() takes keyword arguments only: await {name}(argument=value, ...)')
        return await _bridge.call(name, kwargs)
    tool.__name__ = tool.__qualname__ = name
    tool.__doc__ = description
    return tool


_wrapped = False


def _compile(source):
    global _wrapped
    try:
        return compile(source, SOURCE, 'exec', flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    except SyntaxError as error:
        if 'outside function' not in str(error.msg):
            raise
    # Top-level `return` (or yield): run the code as the body of a coroutine, as LibreChat's own wrapper does.
    body = '\n'.join('    ' + line if line.strip() else '' for line in source.split('\n'))
    tree = ast.parse('async def __user_main__():\n' + body + '\n    pass\nawait __user_main__()\n', SOURCE)
    ast.increment_lineno(tree, -1)
    _wrapped = True
    return compile(tree, SOURCE, 'exec', flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def _print_error(error):
    tb = error.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename != SOURCE
                              or (_wrapped and tb.tb_frame.f_code.co_name == '<module>')):
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb)


def main():
    with open('/code/__codeapi_tools.json', encoding='utf-8') as f:
        tools = json.load(f)
    with open(SOURCE, encoding='utf-8') as f:
        source = f.read()
    try:
        code = _compile(source)
    except SyntaxError as error:
        sys.stderr.write(''.join(traceback.format_exception_only(type(error), error)))
        return 1
    namespace = {'__name__': '__main__', '__file__': SOURCE, '__builtins__': __builtins__,
                 'asyncio': asyncio, 'json': json, 'ToolError': ToolError}
    for tool in tools:
        namespace[tool['name']] = _tool(tool['name'], tool.get('description'))
    sys.argv = [SOURCE]

    async def run():
        result = eval(code, namespace)
        if asyncio.iscoroutine(result):
            await result

    try:
        asyncio.run(run())
    except SystemExit:
        raise
    except BaseException as error:
        _print_error(error)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
