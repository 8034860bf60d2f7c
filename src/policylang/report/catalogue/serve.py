"""Messages of `policylang serve` (H0xx): the command's help and options, and the request-level
problems of the HTTP API (malformed JSON, a wrong field, an unknown policy name, a body too large,
check over its time limit). A policy's own problems keep their own codes and messages."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- the command
define(
    "cli.serve.help",
    zh="启动本地 HTTP 服务（JSON 接口 /v1/…，接口说明 /openapi.json），默认只监听 127.0.0.1。",
    en="Start a local HTTP server (a JSON API under /v1/…, described at /openapi.json); listens on 127.0.0.1 unless told otherwise.",
)
define(
    "cli.serve.opt.host",
    zh="监听的地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 对所有网络开放）",
    en="Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to every network)",
)
define("cli.serve.opt.port", zh="监听的端口", en="Port to listen on")
define(
    "cli.serve.opt.policies",
    zh="按名称提供的政策所在的文件夹（其中的 NAME.pol 以 NAME 调用）；请求本身永远不能指定文件路径",
    en="Folder of the policies served by name (NAME.pol is called NAME); a request can never name a file path",
)
define(
    "cli.serve.opt.max_body",
    zh="一个请求体的最大字节数（默认 1 MiB）",
    en="Largest request body in bytes (default 1 MiB)",
)
define(
    "cli.serve.opt.check_timeout",
    zh="一次 check 最多运行的秒数，超时回答 503",
    en="Seconds one check may run; beyond that the answer is 503",
)
define(
    "cli.serve.opt.max_cases",
    zh="一个请求中最多的案例数",
    en="Most cases one request may carry",
)

# ---------------------------------------------------------------------------- the command's errors
define(
    "serve.bad_port",
    zh="端口“{port}”不可用：须是 0 到 65535 之间的整数（0 表示任选一个空闲端口）",
    en="port “{port}” cannot be used: it must be a whole number from 0 to 65535 (0: any free port)",
)
define("serve.bad_port.hint", zh="例如 --port 8000", en="for example --port 8000")
define(
    "serve.bad_folder",
    zh="“{path}”不是可读的文件夹（{reason}）",
    en="“{path}” is not a folder that can be read ({reason})",
)
define(
    "serve.bad_folder.hint",
    zh="--policies 指向放 .pol 文件的文件夹，如 --policies policies",
    en="point --policies at the folder holding the .pol files, e.g. --policies policies",
)
define("serve.reason.missing", zh="不存在", en="it does not exist")
define("serve.reason.not_folder", zh="是文件，不是文件夹", en="it is a file, not a folder")
define("serve.reason.unreadable", zh="无法读取", en="it cannot be read")
define(
    "serve.no_extra",
    zh="policylang serve 需要 {package}，当前环境没有安装",
    en="policylang serve needs {package}, which is not installed here",
)
define(
    "serve.no_extra.hint",
    zh="安装 serve 附加依赖：pip install 'policylang[serve]'",
    en="install the serve extra: pip install 'policylang[serve]'",
)
define(
    "serve.cannot_bind",
    zh="无法在 {host}:{port} 上监听：{reason}",
    en="cannot listen on {host}:{port}: {reason}",
)
define(
    "serve.cannot_bind.hint",
    zh="换一个端口（--port），或先停掉占用这个端口的程序",
    en="choose another port (--port), or stop the program using this one",
)
define(
    "serve.listening",
    zh="policylang serve 正在 http://{host}:{port}/ 上运行（接口说明 /openapi.json；Ctrl+C 停止）",
    en="policylang serve is running on http://{host}:{port}/ (API described at /openapi.json; Ctrl+C stops it)",
)
define(
    "serve.open_to_network",
    zh="注意：监听 {host} 时，其他机器也能访问这个服务（它没有登录验证）",
    en="note: listening on {host}, other machines can reach this server too (it has no authentication)",
)

# ---------------------------------------------------------------------------- request problems
define("serve.request", zh="请求", en="request")
define(
    "serve.bad_json",
    zh="请求体不是合法的 JSON：{problem}",
    en="the request body is not valid JSON: {problem}",
)
define(
    "serve.bad_json.hint",
    zh="请求体须是一个 JSON 对象，如 {example}",
    en="the body must be one JSON object, e.g. {example}",
)
define(
    "serve.not_object",
    zh="请求体须是 JSON 对象（{{…}}），这里是 {kind}",
    en="the request body must be a JSON object ({{…}}), not {kind}",
)
define(
    "serve.wrong_type",
    zh="字段“{field}”须是 {expected}，这里是 {kind}",
    en="field “{field}” must be {expected}, not {kind}",
)
define(
    "serve.missing_field",
    zh="请求缺少字段 {fields}",
    en="the request lacks the field {fields}",
)
define(
    "serve.missing_field.hint",
    zh="写上其中一个，如 {example}",
    en="give one of them, e.g. {example}",
)
define(
    "serve.exclusive_fields",
    zh="字段“{a}”和“{b}”只能写一个",
    en="give either field “{a}” or field “{b}”, not both",
)
define(
    "serve.unknown_field",
    zh="这个接口没有字段“{field}”",
    en="this endpoint has no field “{field}”",
)
define(
    "serve.fields_are",
    zh="可用的字段：{fields}",
    en="its fields are: {fields}",
)
define(
    "serve.unknown_name",
    zh="没有名为“{name}”的政策",
    en="there is no policy named “{name}”",
)
define(
    "serve.names_are",
    zh="可用的政策：{names}",
    en="the policies served are: {names}",
)
define("serve.no_names", zh="政策文件夹中没有 .pol 文件", en="the policies folder holds no .pol file")
define(
    "serve.bad_name",
    zh="政策名称“{name}”不是单纯的名称：不能含 / 或 \\、不能是 ..、不能以 . 开头",
    en="policy name “{name}” is not a plain name: no / or \\, no .., no leading .",
)
define(
    "serve.bad_name.hint",
    zh='只写文件夹中政策文件的名称，不带 .pol，如 "name": "jixi"',
    en='give the name of a policy file in the folder, without .pol, e.g. "name": "jixi"',
)
define(
    "serve.no_folder",
    zh="这个服务没有政策文件夹，不能按名称调用政策",
    en="this server has no policies folder, so a policy cannot be called by name",
)
define(
    "serve.no_folder.hint",
    zh='用 "policy" 传入政策全文，或以 policylang serve --policies DIR 启动服务',
    en='send the policy\'s text as "policy", or start the server with policylang serve --policies DIR',
)
define(
    "serve.too_large",
    zh="请求体超过 {limit} 字节的上限",
    en="the request body is larger than the limit of {limit} bytes",
)
define(
    "serve.too_large.hint",
    zh="分成几个请求，或以更大的 --max-body 启动服务",
    en="split it into several requests, or start the server with a larger --max-body",
)
define(
    "serve.too_many_cases",
    zh="一个请求有 {count} 个案例，上限是 {limit} 个",
    en="one request carries {count} cases; the limit is {limit}",
)
define(
    "serve.too_many_cases.hint",
    zh="分成几个请求；大量企业用 policylang batch",
    en="split them into several requests; for many firms use policylang batch",
)
define(
    "serve.check_timeout",
    zh="check 没有在 {seconds} 秒内完成，已停止",
    en="check did not finish within {seconds} seconds and was stopped",
)
define(
    "serve.check_busy",
    zh="服务正忙于其他 check，{seconds} 秒内没有空出来",
    en="the server was busy with other checks and none finished within {seconds} seconds",
)
define(
    "serve.check_timeout.hint",
    zh="在命令行运行 policylang check（没有时间上限），或以更大的 --check-timeout 启动服务",
    en="run policylang check on the command line (no time limit), or start the server with a larger --check-timeout",
)
define(
    "serve.internal",
    zh="服务器内部出错（{error}），请求没有完成；详情已写入服务器日志",
    en="the server failed inside ({error}) and did not complete the request; the details are in the server's log",
)
define(
    "serve.internal.hint",
    zh="这是 policylang 的缺陷：请附上请求报告给维护者",
    en="this is a defect of policylang: please report it with the request",
)
define(
    "serve.not_found",
    zh="没有这个接口：{method} {path}",
    en="no such endpoint: {method} {path}",
)
define(
    "serve.endpoints_are",
    zh="接口列表见 GET /openapi.json",
    en="the endpoints are listed at GET /openapi.json",
)
define(
    "serve.not_utf8",
    zh="请求体不是 UTF-8 编码",
    en="the request body is not UTF-8",
)
define(
    "serve.not_utf8.hint",
    zh="以 UTF-8 发送，并设 Content-Type: application/json; charset=utf-8",
    en="send it as UTF-8, with Content-Type: application/json; charset=utf-8",
)
define(
    "serve.unknown_language",
    zh="不认识的语言“{lang}”：可用 zh 或 en",
    en="unknown language “{lang}”: use zh or en",
)
# JSON kinds, as the messages above name them
define("serve.kind.object", zh="对象", en="an object")
define("serve.kind.array", zh="数组", en="an array")
define("serve.kind.string", zh="字符串", en="a string")
define("serve.kind.number", zh="数", en="a number")
define("serve.kind.boolean", zh="true/false", en="true/false")
define("serve.kind.null", zh="null", en="null")
