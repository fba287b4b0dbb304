namespace CodeInterpreter.Languages;

/// <summary>
/// How a language's warm sandbox waits for code: a runner that preloads the heavy libraries, then blocks reading
/// one JSON request (<c>{"path": "/code/main.py", "args": [...]}</c>) from stdin to EOF and runs the program with the
/// semantics of a cold start. Passed with <c>-c</c>, not as a file: nothing to bind, and nothing secret in it.
/// </summary>
public sealed record WarmRunner(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>
    /// Python: numpy, pandas and matplotlib (Agg) imported before the code exists. Then the program runs as
    /// <c>python3 /code/main.py args</c> would: <c>__name__ == "__main__"</c> in fresh globals, <c>sys.argv</c>,
    /// <c>sys.path[0]</c> the script's folder then /mnt/data (PYTHONPATH, set only now so that nothing a user
    /// uploads can shadow a preloaded module), stdin at EOF, <c>sys.exit(n)</c> as is, an uncaught exception
    /// printed with only the program's own frames and exit code 1, threads joined and atexit handlers run at the end.
    /// </summary>
    public static WarmRunner Python { get; } = new(
        ["/usr/bin/python3", "-c", PythonSource],
        new Dictionary<string, string>
        {
            ["MPLBACKEND"] = "Agg",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
            ["PYTHONIOENCODING"] = "utf-8",
        });

    private const string PythonSource = """
        import os, sys
        os.nice(19)  # warming up uses idle CPU only; the service restores the priority when it hands over the code
        try:
            import numpy, pandas, matplotlib, matplotlib.pyplot
        except Exception:
            pass
        import atexit, builtins, gc, json, signal, threading, types
        gc.freeze()  # preloaded objects leave the collector's view: the final gc.collect() sees only the program's (~30 ms less)
        os.kill(os.getpid(), signal.SIGSTOP)  # ready: the service hands code only to a stopped (fully warm) runner, then continues it
        _request = json.loads(sys.stdin.buffer.read())
        _path = _request["path"]
        sys.argv = [_path] + list(_request["args"])
        sys.path[0] = os.path.dirname(_path)
        sys.path.insert(1, "/mnt/data")
        os.environ["PYTHONPATH"] = "/mnt/data"
        _main = types.ModuleType("__main__")
        _main.__file__ = _path
        _main.__builtins__ = builtins
        sys.modules["__main__"] = _main
        _status = 0
        try:
            with open(_path, "rb") as _source:
                _code = compile(_source.read(), _path, "exec")
            exec(_code, _main.__dict__)
        except SystemExit as _exit:
            _status = _exit.code
            if _status is None:
                _status = 0
            elif not isinstance(_status, int):
                print(_status, file=sys.stderr)
                _status = 1
        except BaseException as _error:
            _tb = _error.__traceback__
            while _tb is not None and _tb.tb_frame.f_code.co_filename != _path:
                _tb = _tb.tb_next
            sys.excepthook(type(_error), _error.with_traceback(_tb), _tb)
            _status = 1
        # The interpreter's exit without tearing the preloaded modules down (~0.1 s): wait for threads, run atexit
        # handlers, drop the program's globals (closing files it left open), flush, leave.
        try:
            threading._shutdown()
            atexit._run_exitfuncs()
            _main.__dict__.clear()
            gc.collect()
        finally:
            for _stream in (sys.stdout, sys.stderr):
                try:
                    _stream.flush()
                except Exception:
                    pass
            os._exit(_status)
        """;
}
