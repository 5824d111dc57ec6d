"""gradual's Python runtime.

Loads the function's `module.function` handler and serves it through the Lambda Runtime API
(2018-06-01), behaving as AWS's Python runtime interface client does: the context object, the
error shapes (`errorMessage`, `errorType`, `requestId`, `stackTrace`), Runtime.* init errors and
Lambda's log format for the `logging` module. Plain Python on purpose: it runs inside the sandbox
on the machine's python3, with the standard library only.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import re
import socket
import struct
import sys
import time
import traceback

BOOTSTRAP_FILE = os.path.abspath(__file__)
API_PREFIX = "/2018-06-01/runtime/"


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over the environment's Runtime API socket: one hop fewer than its loopback port."""

    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class RuntimeApi:
    def __init__(self, address, socket_path=None):
        host, port = address.rsplit(":", 1)
        self.host, self.port = host, int(port)
        self.socket_path = socket_path
        self.conn = None

    def connection(self):
        if self.socket_path:
            return UnixHTTPConnection(self.socket_path)
        return http.client.HTTPConnection(self.host, self.port)

    def call(self, method, path, body=None, headers=None):
        full = path if path.startswith("/") else API_PREFIX + path
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = self.connection()
            try:
                self.conn.request(method, full, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def post_json(self, path, payload, error_type=None):
        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        self.call("POST", path, body, headers)

    def post_result(self, path, body, headers):
        self.call("POST", path, body, headers)

    def post_json_result(self, path, payload, error_type):
        self.post_json(path, payload, error_type)


class FramedReply:
    """A reply on the framed channel, read as http.client's response is."""

    def __init__(self, status, headers):
        self.status = status
        self.headers = headers

    def getheader(self, name):
        return self.headers.get(name.lower())


FRAME_PREFIX = struct.Struct(">II")


class FramedRuntimeApi:
    """gradual's framed channel (src/server/runtime/runtime-frames.ts): `u32 head length | u32
    body length | head JSON | body` on one Unix socket connection; a result asks for no reply
    unless it is refused, and leaves with the next request in one write."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = bytearray()
        self.outgoing = []
        self.last_id = 0

    def frame(self, method, path, body, headers, quiet):
        self.last_id += 1
        head = {"i": self.last_id, "m": method, "p": path if path.startswith("/") else API_PREFIX + path}
        head["h"] = {k.lower(): str(v) for k, v in (headers or {}).items() if k.lower() != "content-length"}
        if quiet:
            head["q"] = True
        head_bytes = json.dumps(head, separators=(",", ":")).encode("utf-8")
        body = body or b""
        self.outgoing.append(FRAME_PREFIX.pack(len(head_bytes), len(body)) + head_bytes + body)
        return self.last_id

    def read_exactly(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("the Runtime API connection closed")
            self.buffer += chunk
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data

    def call(self, method, path, body=None, headers=None):
        wanted = self.frame(method, path, body, headers, False)
        self.sock.sendall(b"".join(self.outgoing))
        self.outgoing = []
        while True:
            head_len, body_len = FRAME_PREFIX.unpack(self.read_exactly(8))
            reply = json.loads(self.read_exactly(head_len))
            content = self.read_exactly(body_len)
            if reply["i"] == wanted:
                return FramedReply(reply["s"], reply["h"]), content
            # Otherwise a refused result: as with HTTP, nothing more is done about it.

    def post_result(self, path, body, headers):
        self.frame("POST", path, body, headers, True)

    def post_json(self, path, payload, error_type=None):
        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        self.call("POST", path, body, headers)

    def post_json_result(self, path, payload, error_type):
        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type}
        self.post_result(path, body, headers)


class FaultException(Exception):
    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


def user_stack(tb):
    """The traceback without the runtime's own frames, formatted as the RIC does."""
    frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) != BOOTSTRAP_FILE]
    return traceback.format_list(frames)


def error_result(exc, request_id):
    if isinstance(exc, FaultException):
        return {
            "errorMessage": exc.message,
            "errorType": exc.error_type,
            "requestId": request_id,
            "stackTrace": exc.trace,
        }
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": request_id,
        "stackTrace": user_stack(exc.__traceback__),
    }


def log_error(result):
    lines = ["[ERROR] {}: {}".format(result["errorType"], result["errorMessage"])]
    if result["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        lines.extend(line.rstrip("\n") for line in result["stackTrace"])
    sys.stdout.write("\n".join(lines) + "\n")


def load_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, e))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                "Runtime.BuiltInModuleConflict",
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, e))
    except SyntaxError as e:
        trace = ['  File "{}" Line {}\n    {}'.format(e.filename, e.lineno, e.text)]
        raise FaultException(
            "Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(modname, e), trace
        )
    function = getattr(module, fname, None)
    if function is None:
        # As in Lambda, a missing handler fails each invocation rather than the init.
        fault = FaultException(
            "Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(fname, modname)
        )

        def missing(event, context):
            raise fault

        return missing
    return function


class CognitoIdentity:
    def __init__(self, data):
        self.cognito_identity_id = data.get("cognitoIdentityId")
        self.cognito_identity_pool_id = data.get("cognitoIdentityPoolId")


class Client:
    def __init__(self, data):
        self.installation_id = data.get("installation_id")
        self.app_title = data.get("app_title")
        self.app_version_name = data.get("app_version_name")
        self.app_version_code = data.get("app_version_code")
        self.app_package_name = data.get("app_package_name")


class ClientContext:
    def __init__(self, data):
        client = data.get("client")
        self.client = Client(client) if client else None
        self.custom = data.get("custom")
        self.env = data.get("env")


class LambdaContext:
    def __init__(self, request_id, deadline_ms, invoked_arn, client_context, identity, tenant_id):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = ClientContext(client_context) if client_context else None
        self.identity = CognitoIdentity(identity) if identity else None
        self.tenant_id = tenant_id
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(round(time.time() * 1000)), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return "LambdaContext([aws_request_id={},function_name={},function_version={}])".format(
            self.aws_request_id, self.function_name, self.function_version
        )


class RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def configure_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
            "%Y-%m-%dT%H:%M:%S",
        )
    )
    handler.formatter.converter = time.gmtime
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def to_json(value):
    def default(o):
        if isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        raise TypeError("Object of type {} is not JSON serializable".format(type(o).__name__))

    return json.dumps(value, default=default)


def parse_json_header(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def limit_memory(argv):
    """Without a cgroup, the address-space limit stands in for the function's memory size."""
    if "--memory-limit-mb" in argv:
        import resource

        mb = int(argv[argv.index("--memory-limit-mb") + 1])
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))


FAKETIME = re.compile(r"^([+-]\d+(?:\.\d+)?) (x\d+(?:\.\d+)?)$")


def sync_clock(api):
    """Under --time-scale, libfaketime starts this process's scaled clock when it loads, a few
    real milliseconds after gradual set its offset, so it starts that much (times the scale)
    behind the platform. One look at the platform's clock sets it right before the function's
    code runs (libfaketime rereads FAKETIME on every call)."""
    match = FAKETIME.match(os.environ.get("FAKETIME", ""))
    if not match:
        return
    try:
        # The quickest of three round trips (the first also connects) says the most.
        best = None
        for _ in range(3):
            before = time.time()
            _, body = api.call("GET", "/gradual/clock")
            after = time.time()
            lag = json.loads(body)["now"] / 1000.0 - (before + after) / 2
            if best is None or after - before < best[0]:
                best = (after - before, lag)
    except Exception:
        return
    offset = float(match.group(1)) + best[1]
    os.environ["FAKETIME"] = "{}{:.3f} {}".format("-" if offset < 0 else "+", abs(offset), match.group(2))


def provide_sdk(argv):
    """Lambda's Python runtimes ship boto3: when this interpreter has none, Debian's
    python3-boto3 stands in, after the function's own packages."""
    if "--sdk-path" in argv:
        sys.path.append(argv[argv.index("--sdk-path") + 1])


def main():
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr = sys.stdout
    frames = os.environ.get("_GRADUAL_RUNTIME_FRAMES_SOCKET")
    if frames:
        api = FramedRuntimeApi(frames)
    else:
        api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"], os.environ.get("_GRADUAL_RUNTIME_API_SOCKET"))
    sync_clock(api)
    provide_sdk(sys.argv)
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
    configure_logging()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Exception as exc:
        result = error_result(exc, "")
        log_error(result)
        api.post_json("init/error", result, result["errorType"])
        sys.exit(1)
    limit_memory(sys.argv)

    while True:
        response, body = api.call("GET", "invocation/next")
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        RequestIdFilter.request_id = request_id
        trace = response.getheader("Lambda-Runtime-Trace-Id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        context = LambdaContext(
            request_id,
            int(response.getheader("Lambda-Runtime-Deadline-Ms") or 0),
            response.getheader("Lambda-Runtime-Invoked-Function-Arn"),
            parse_json_header(response.getheader("Lambda-Runtime-Client-Context")),
            parse_json_header(response.getheader("Lambda-Runtime-Cognito-Identity")),
            response.getheader("Lambda-Runtime-Aws-Tenant-Id"),
        )
        try:
            event = json.loads(body or b"{}")
            result = handler(event, context)
            try:
                payload = to_json(result)
            except (TypeError, ValueError) as e:
                raise FaultException("Runtime.MarshalError", "Unable to marshal response: {}".format(e))
            api.post_result(
                "invocation/{}/response".format(request_id),
                payload.encode("utf-8"),
                {"Content-Type": "application/json"},
            )
        except Exception as exc:
            result = error_result(exc, request_id)
            log_error(result)
            api.post_json_result("invocation/{}/error".format(request_id), result, result["errorType"])
        sys.stdout.flush()


if __name__ == "__main__":
    main()
