# A fork server ("zygote") for one AWS CLI in the tests: most of each CLI run's CPU is Python starting
# and importing awscli/botocore. This process starts the CLI's own interpreter once, with the
# sys.path its launcher script gets, imports awscli on the first request, and then forks a fresh
# child per command. The child takes the caller's argv, environment, cwd and stdin/stdout/stderr
# (passed over the socket with SCM_RIGHTS), runs the CLI's own launcher script as `__main__`
# (clidriver main), and exits with its code, which the caller (bin/aws) exits with. It is still the
# real CLI: same code, a new process per command; only the interpreter's start, the imports and the
# parsing of the model files the tests' commands read (warm_data_files) are shared (and so is the
# string hash seed: `set` order, which differs between real runs anyway). A caller whose environment
# differs in what the start or the imports read is refused, and its launcher runs the real CLI.
#
#   python zygote.py SOCKET SCRIPT   (environment: the caller's, plus GRADUAL_AWS_ZYGOTE_GIVEN_ENV)
import atexit
import io
import json
import os
import runpy
import selectors
import signal
import socket
import sys
import threading
import traceback

SOCKET_PATH, SCRIPT = sys.argv[1], sys.argv[2]
# The environment this process was started with, before the interpreter's start and a launcher
# (pyenv's shim) changed it: what a caller's must match, and what those changes are made against.
GIVEN = json.loads(os.environ.pop("GRADUAL_AWS_ZYGOTE_GIVEN_ENV"))
START_CWD = os.getcwd()
# The modules every command imports; importing them in a child would be most of its CPU time.
PRELOAD = ("awscli.clidriver", "awscli.handlers")
# Variables the interpreter, pyenv or the locale read before any Python code runs.
STARTUP_KEYS = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "HOME")
# sys.path as the launcher script gets it without PYTHONPATH: its own folder first.
sys.path[0] = os.path.dirname(SCRIPT)
BASE_PATH = list(sys.path)


def startup_read(key):
    return key in STARTUP_KEYS or (key.startswith(("PYTHON", "PYENV")) and key != "PYTHONPATH")


class _Recording(os._Environ):
    """os.environ while the CLI is imported: which variables the imports read."""

    read = set()

    def __getitem__(self, key):
        _Recording.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _Recording.read.add(key)
        return super().__contains__(key)


class Zygote:
    def __init__(self):
        self.loaded = False
        self.before_import = {}
        self.started = {}  # what the interpreter's start and its launcher changed in the environment
        self.imported = {}  # what importing the CLI changed in it
        self.children = {}  # pidfd -> (pid, connection, cpu_log(its env))
        self.selector = selectors.DefaultSelector()

    def load(self):
        """Imports the CLI once, noting what the imports read from and wrote to the environment."""
        self.before_import = dict(os.environ)
        os.environ.__class__ = _Recording
        try:
            for name in PRELOAD:
                __import__(name)
        finally:
            os.environ.__class__ = os._Environ
        self.started = {k: v for k, v in self.before_import.items() if GIVEN.get(k) != v}
        self.imported = {k: v for k, v in os.environ.items() if self.before_import.get(k) != v}
        warm_data_files()
        self.loaded = True

    def refusal(self, env):
        """Why this caller's environment would start or import the CLI differently, if it would."""
        for key in set(env) | set(GIVEN):
            if startup_read(key) and env.get(key) != GIVEN.get(key):
                return key
        for key in _Recording.read:
            if env.get(key) != self.before_import.get(key):
                return key
        return None

    def child_env(self, env, cwd):
        """The caller's environment with the changes the start made to ours (and pyenv's shim)."""
        out = dict(env)
        for key, value in self.started.items():
            given = GIVEN.get(key)
            if given and value.endswith(os.pathsep + given):  # pyenv's PATH: its folder in front
                out[key] = value[: -len(given)] + env.get(key, "")
            elif value == START_CWD and key not in env:  # pyenv's PYENV_DIR
                out[key] = cwd
            else:
                out[key] = value
        if "PYENV_DIR" in self.started:  # pyenv's shim is bash: what it passes on
            out.pop("_", None)
            if not same_dir(env.get("PWD"), cwd):
                out["PWD"] = cwd
        return out

    def serve(self, listener):
        self.selector.register(listener, selectors.EVENT_READ, "accept")
        self.selector.register(sys.stdin, selectors.EVENT_READ, "parent")
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    self.accept(listener)
                elif key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):  # the test run ended or died
                        return
                elif key.data == "exit":
                    self.reap(key.fileobj)
                else:  # the caller's connection: it sends nothing, so this is its end
                    self.selector.unregister(key.fileobj)
                    try:
                        os.killpg(key.data, signal.SIGKILL)
                    except ProcessLookupError:
                        pass

    def accept(self, listener):
        conn, _ = listener.accept()
        conn.settimeout(10)
        fds = []
        try:
            request, fds = receive(conn)
            if not self.loaded:
                self.load()
            refused = self.refusal(request["env"])
            if refused is not None:
                conn.sendall(b"F" + refused.encode())
                conn.close()
                return
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                env = self.child_env(request["env"], request["cwd"])
                run_child(fds, request, env, self.imported, self.own_fds(listener, conn))
            pidfd = os.pidfd_open(pid)
            self.children[pidfd] = (pid, conn, cpu_log(request["env"]))
            self.selector.register(pidfd, selectors.EVENT_READ, "exit")
            self.selector.register(conn, selectors.EVENT_READ, pid)
            conn.sendall(b"S")  # if the caller is gone already, its connection's end ends the child
        except (OSError, ValueError, KeyError) as error:
            print(f"aws zygote: {error!r}", file=sys.stderr)
            conn.close()
        finally:
            for fd in fds:
                os.close(fd)

    def own_fds(self, listener, conn):
        """This server's fds (not those the imports opened, which the CLI may go on using)."""
        kept = [listener.fileno(), self.selector.fileno(), conn.fileno()]
        return kept + [fd for pidfd, (_, c, _) in self.children.items() for fd in (pidfd, c.fileno())]

    def reap(self, pidfd):
        pid, conn, log = self.children.pop(pidfd)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        _, status, usage = os.wait4(pid, 0)
        if log:
            record_cpu(log, usage)
        try:
            conn.sendall(b"X%d" % os.waitstatus_to_exitcode(status))
        except OSError:
            pass
        if conn in (key.fileobj for key in self.selector.get_map().values()):
            self.selector.unregister(conn)
        conn.close()

    def stop(self):
        for pid, _, _ in self.children.values():
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# The services the tests' commands use: their models are read once here, not once per command.
WARM_SERVICES = ("lambda", "codedeploy", "cloudformation", "iam", "stepfunctions", "cloudwatch",
                 "apigateway", "apigatewayv2", "s3", "sts", "logs")
WARM_TYPES = ("service-2", "paginators-1", "waiters-2", "endpoint-rule-set-1")


def warm_data_files():
    """After the imports, most of a command's CPU (0.34 s of a `lambda list-functions`, against 0.13
    with this) is botocore's loader: it lists every service's folder (~400) to learn their names,
    and parses the JSON models (endpoints.json alone ~35 ms). Both read files that do not change
    during the run, so the listing is done once here for all, and the files the commands need are
    parsed here: a child is handed each parsed file once, as is (it has its own copy of this memory,
    so what it changes stays its own), and parses it again if it asks twice. The content is the same."""
    loaders = next((m for name, m in sys.modules.items() if name.endswith("botocore.loaders")), None)
    if loaders is None:
        return
    files = loaders.JSONFileLoader
    # The method that parses one file: (self, path, ...) in botocore 1.2x and later, else load_file.
    method = "_load_file" if hasattr(files, "_load_file") else "load_file"
    original_list, original_load = loaders.Loader.list_available_services, getattr(files, method)
    listed, parsed = {}, {}

    def list_available_services(self, type_name):
        key = (tuple(self.search_paths), type_name)
        if key not in listed:
            listed[key] = original_list(self, type_name)
        return list(listed[key])

    def noting(self, path, *rest):  # while warming: the loader's copy, and one kept for a child
        data = original_load(self, path, *rest)
        if data is not None:
            parsed[path] = original_load(self, path, *rest)
        return data

    def handing_out(self, path, *rest):
        return parsed.pop(path) if path in parsed else original_load(self, path, *rest)

    loaders.Loader.list_available_services = list_available_services
    # The loader as a command's driver makes it (the CLI adds its own data folder to the search).
    loader = sys.modules["awscli.clidriver"].create_clidriver().session.get_component("data_loader")
    setattr(files, method, noting)
    try:
        for type_name in WARM_TYPES:
            loader.list_available_services(type_name)
        for name in ("endpoints", "partitions", "sdk-default-configuration", "_retry"):
            attempt(lambda: loader.load_data(name))
        for service in WARM_SERVICES:
            for type_name in WARM_TYPES:
                attempt(lambda: loader.load_service_model(service, type_name))
    finally:
        setattr(files, method, handing_out)


def attempt(load):
    try:
        load()
    except Exception:  # noqa: BLE001 - a file this CLI does not have: its commands look for it anyway
        pass


def same_dir(a, b):
    try:
        return a is not None and os.path.samefile(a, b)
    except OSError:
        return False


def cpu_log(env):
    """Where a command's CPU goes when the run measures each test file's (test/file-cpu/setup.ts):
    the log and the test worker's pid, which the command's environment carries; else None."""
    log, worker = env.get("GRADUAL_TEST_CPU_LOG"), env.get("GRADUAL_TEST_CPU_WORKER")
    return (log + ".aws", worker) if log and worker else None


def record_cpu(log, usage):
    """Appends a command's CPU seconds (it and what it waited for) under its test worker's pid."""
    path, worker = log
    with open(path, "a") as out:
        out.write(f"{worker} {usage.ru_utime + usage.ru_stime:.3f}\n")


def receive(conn):
    """One request: a length, then cwd, argc, argv and env (NAME=value), NUL-separated; the caller's
    fds 0, 1, 2 come with it."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    if len(fds) != 3:
        raise ValueError(f"expected 3 fds, got {len(fds)}")
    while len(data) < 4 or len(data) < 4 + int.from_bytes(data[:4], "big"):
        more = conn.recv(1 << 16)
        if not more:
            raise ValueError("request cut short")
        data += more
    cwd, argc, *rest = (os.fsdecode(part) for part in data[4:].split(b"\0"))
    argv, entries = rest[: int(argc)], rest[int(argc) :]
    env = dict(entry.split("=", 1) for entry in entries if "=" in entry)
    return {"cwd": cwd, "argv": argv, "env": env}, fds


def stdio(fd, old, unbuffered):
    """A new sys.stdin/stdout/stderr on the caller's fd, set up as the interpreter's start does."""
    reading = fd == 0
    raw = io.FileIO(fd, "rb" if reading else "wb", closefd=False)
    buffered = not unbuffered or reading
    binary = (io.BufferedReader(raw) if reading else io.BufferedWriter(raw)) if buffered else raw
    return io.TextIOWrapper(
        binary,
        encoding=old.encoding,
        errors=old.errors,
        newline=None if reading else "\n",
        line_buffering=buffered and (fd == 2 or raw.isatty()),
        write_through=not buffered,
    )


def run_child(fds, request, env, imported, own):
    """In the forked child: become the caller's command, run the CLI, exit with its code."""
    code = 1
    try:
        os.setpgid(0, 0)  # its group: the server ends all of it if the caller goes away
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in {*own, *fds} - {0, 1, 2}:
            os.close(fd)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(request["cwd"])
        pythonpath = [os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:] = [BASE_PATH[0]] + [p for p in pythonpath if p not in BASE_PATH] + BASE_PATH[1:]
        unbuffered = bool(env.get("PYTHONUNBUFFERED"))
        sys.stdin, sys.stdout, sys.stderr = (
            stdio(fd, old, unbuffered) for fd, old in enumerate((sys.stdin, sys.stdout, sys.stderr))
        )
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        sys.orig_argv = [sys.executable, SCRIPT, *request["argv"]]
        sys.argv = [SCRIPT, *request["argv"]]
        if pythonpath:
            # The interpreter imports the first sitecustomize on sys.path at its start (ours: the
            # tests' sleeps divisor, python/sitecustomize.py).
            sys.modules.pop("sitecustomize", None)
            try:
                __import__("sitecustomize")
            except ImportError:
                pass
        os.environ.update(imported)  # after sitecustomize, as the import comes after it
        code = run_script()
    except BaseException:  # noqa: B036 - nothing may escape into the server's loop
        traceback.print_exc()
    os._exit(code)


def run_script():
    """Runs the launcher script as `python SCRIPT` would, including its exit."""
    code = 0
    try:
        runpy.run_path(SCRIPT, run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        if code and not isinstance(exit_.code, int):
            print(exit_.code, file=sys.stderr)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:  # noqa: B036 - what the interpreter prints for an uncaught exception
        sys.excepthook(*sys.exc_info())
        code = 1
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    return code


def main():
    zygote = Zygote()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(SOCKET_PATH)
    listener.listen(64)
    print("ready", flush=True)
    try:
        zygote.serve(listener)
    finally:
        zygote.stop()
        listener.close()
        os.unlink(SOCKET_PATH)


main()
