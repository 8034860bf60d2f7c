"""Messages and chart labels of `policylang plot` and of the batch / diff HTML reports (G0xx)."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- the command
define(
    "cli.plot.help",
    zh="画出一个条款的奖励随一个事实变化的曲线（两个 --vary：分档图），门槛、上限、空档与不可确定处都标出。",
    en="Draw how a clause's award changes as one fact varies (two --vary: a tier map), marking thresholds, caps, gaps and what is not determinable.",
)
define("cli.plot.opt.clause", zh="要画的条款，如 --clause 五(一)2", en="The clause to draw, e.g. --clause 五(一)2")
define(
    "cli.plot.opt.vary",
    zh="横轴上变化的事实（再写一次：纵轴，画分档图）",
    en="The fact that varies along the x axis (given twice: the y axis too, for a tier map)",
)
define(
    "cli.plot.opt.start",
    zh="变化范围的起点（默认 0 或事实的取值下限）",
    en="Start of the range (default 0 or the fact's lower bound)",
)
define(
    "cli.plot.opt.end",
    zh="变化范围的终点（默认：最大的门槛再往外 25%）",
    en="End of the range (default: 25% beyond the largest threshold)",
)
define(
    "cli.plot.opt.case_file",
    zh="其他事实取自这个案例（默认：各事实的默认值，未给默认值的数按 0 计）",
    en="Take the other facts from this case (default: the facts' defaults, numbers without one counted as 0)",
)
define(
    "cli.plot.opt.output",
    zh="写入 FILE：.png、.svg、.html（离线可用）或 .json（Vega-Lite 描述）；不写时把 Vega-Lite 描述打印到标准输出",
    en="Write FILE: .png, .svg, .html (works offline) or .json (the Vega-Lite spec); without it the spec is printed on stdout",
)
define(
    "cli.plot.opt.settings",
    zh="假定一个值（原文未规定的参数，或覆盖案例中的事实），图中注明是假定的",
    en="Assume a value (a parameter the text leaves open, or a fact over the case's); the picture says so",
)

# ---------------------------------------------------------------------------- errors
define(
    "plot.no_font",
    zh="找不到可以显示中文的字体，图中的中文会显示成方框",
    en="no font that can draw Chinese was found: the picture's Chinese labels would be empty boxes",
)
define(
    "plot.no_font.hint",
    zh="安装 Noto CJK 字体：sudo apt-get install fonts-noto-cjk（或设 POLICYLANG_CJK_FONT_DIR 为含中文字体的文件夹）",
    en="install the Noto CJK fonts: sudo apt-get install fonts-noto-cjk (or set POLICYLANG_CJK_FONT_DIR to a folder holding a CJK font)",
)
define(
    "plot.no_renderer",
    zh="画 {suffix} 图需要 vl-convert-python，它没有安装",
    en="drawing a {suffix} picture needs vl-convert-python, which is not installed",
)
define(
    "plot.no_renderer.hint",
    zh="安装画图的附加组件：pip install 'policylang[plot]'（-o 图.json 不需要它）",
    en="install the plot extra: pip install 'policylang[plot]' (-o chart.json does not need it)",
)
define("plot.unknown_fact", zh="政策中没有名为“{name}”的事实", en="the policy has no fact named “{name}”")
define(
    "plot.facts_read",
    zh="条款 {citation} 读的数值事实：{names}",
    en="the number facts clause {citation} reads: {names}",
)
define(
    "plot.not_a_number",
    zh="事实“{name}”是{type}，不是可以在轴上变化的数",
    en="the fact “{name}” is {type}, not a number that can vary along an axis",
)
define(
    "plot.list_fact",
    zh="事实“{name}”是列表；只能变化金额、数量或比例的单个事实",
    en="the fact “{name}” is a list; only a single money, quantity or rate fact can vary",
)
define(
    "plot.not_read",
    zh="条款 {citation} 不读事实“{name}”：奖励随它不变，画出来只是一条平线",
    en="clause {citation} does not read the fact “{name}”: its award does not change with it, the curve would be flat",
)
define(
    "plot.bad_bound",
    zh="{option} 的值“{value}”不是{name}的值：{problem}",
    en="the value “{value}” of {option} is not a value of {name}: {problem}",
)
define(
    "plot.empty_range",
    zh="--from {start} 不小于 --to {end}：范围是空的",
    en="--from {start} is not below --to {end}: the range is empty",
)
define("plot.empty_range.hint", zh="写一个比 --from 大的 --to", en="give a --to above --from")
define(
    "plot.bad_suffix",
    zh="不知道怎样画成“{suffix}”文件",
    en="cannot draw a “{suffix}” file",
)
define(
    "plot.bad_suffix.hint",
    zh="写 .png、.svg、.html 或 .json，如 -o 曲线.png",
    en="write .png, .svg, .html or .json, e.g. -o curve.png",
)
define(
    "plot.too_many_axes",
    zh="--vary 写了 {count} 次：一个事实画曲线，两个画分档图，不能更多",
    en="--vary is given {count} times: one fact draws a curve, two a tier map, no more",
)
define(
    "plot.several_clauses",
    zh="--clause {citation} 指 {count} 个条款（{citations}）；一张图只画一个条款",
    en="--clause {citation} names {count} clauses ({citations}); a picture draws one clause",
)
define("plot.several_clauses.hint", zh="写其中一个，如 --clause {first}", en="name one of them, e.g. --clause {first}")
define("plot.needs_clause", zh="没有写要画的条款", en="no clause to draw is named")
define("plot.needs_clause.hint", zh="加上 --clause，如 --clause {first}", en="add --clause, e.g. --clause {first}")
define("plot.needs_vary", zh="没有写要变化的事实", en="no fact to vary is named")
define("plot.needs_vary.hint", zh="加上 --vary，如 --vary {name}", en="add --vary, e.g. --vary {name}")
define(
    "plot.render_failed",
    zh="画图失败（vl-convert）：{reason}",
    en="the picture could not be drawn (vl-convert): {reason}",
)
define(
    "plot.write_failed",
    zh="无法写入图文件 {path}：{reason}",
    en="cannot write the picture file {path}: {reason}",
)
define(
    "plot.report_suffix",
    zh="--report 写的是“{path}”：报告是一个 .html 文件（或它的 Vega-Lite 描述 .json）",
    en="--report names “{path}”: the report is an .html file (or its Vega-Lite spec, .json)",
)
define("plot.report_suffix.hint", zh="如 --report 报告.html", en="e.g. --report report.html")
define(
    "plot.report_needs_cases",
    zh="diff --report 画的是新旧两版的金额变化，需要 --cases 或 --population",
    en="diff --report draws how the amounts change between the versions: it needs --cases or --population",
)
define(
    "plot.report_needs_cases.hint",
    zh="如 policylang diff 旧.pol 新.pol --cases cases/ --report 报告.html",
    en="e.g. policylang diff old.pol new.pol --cases cases/ --report report.html",
)

# ---------------------------------------------------------------------------- the award curve
define("plot.curve.title", zh="{citation} {title}", en="{citation} {title}")
define(
    "plot.curve.subtitle",
    zh="奖励随“{fact}”变化，其他事实取自{base}（精确计算每个门槛、上限与台阶处）",
    en="The award as “{fact}” varies, the other facts from {base} (computed exactly at every threshold, cap and step)",
)
define("plot.base.defaults", zh="各事实的默认值", en="the facts' defaults")
define("plot.base.case", zh="案例 {name}", en="the case {name}")
define("plot.assumed", zh="假定：{values}", en="assumed: {values}")
define("plot.zero_filled", zh="未给出、按 0 计：{names}", en="not given, counted as 0: {names}")
define(
    "plot.steps_sampled",
    zh="“每满”台阶共 {count} 级，只画出其中 {drawn} 级（每级处的值都是精确值）",
    en="the 每满 steps number {count}; {drawn} of them are drawn (the value at each is exact)",
)
define("plot.axis.award", zh="奖励（{unit}）", en="award ({unit})")
define("plot.axis.fact", zh="{fact}（{unit}）", en="{fact} ({unit})")
define(
    "plot.legend.points",
    zh="实心点：门槛或台阶处该值本身的金额；空心点：另一侧逼近它时的金额",
    en="filled point: the award at the threshold or step itself; hollow point: the award as the other side comes up to it",
)
define("plot.threshold", zh="{value} {words}", en="{value} {words}")
define("plot.cap.binds", zh="上限：{name}", en="cap: {name}")
define("plot.band.undetermined", zh="不可确定", en="not determinable")
define("plot.band.undetermined_bound", zh="不可确定（至多 {bound}）", en="not determinable (at most {bound})")
define("plot.band.gap", zh="档间空档：得 0", en="gap between tiers: 0")
define("plot.status.paid", zh="给付", en="paid")
define("plot.status.zero", zh="给付 0", en="zero")
define("plot.status.ineligible", zh="不符合条件", en="not eligible")
define("plot.status.undetermined", zh="不可确定", en="not determinable")
define("plot.status.excluded", zh="不重复享受：未给", en="excluded")
define("plot.tooltip.fact", zh="事实值", en="fact value")
define("plot.tooltip.award", zh="奖励", en="award")
define("plot.tooltip.status", zh="结果", en="result")

# ---------------------------------------------------------------------------- the tier map
define(
    "plot.map.subtitle",
    zh="奖励随“{x}”与“{y}”变化，其他事实取自{base}",
    en="The award as “{x}” and “{y}” vary, the other facts from {base}",
)
define(
    "plot.map.legend",
    zh="红框：档间空档（较小的企业可得，它得 0）或两档重叠；×：check 的反例",
    en="red frame: a gap between tiers (a smaller enterprise is paid, it gets 0) or two tiers overlapping; ×: check's counterexamples",
)
define("plot.map.tier", zh="第{n}档", en="tier {n}")
define("plot.map.no_tier", zh="无档", en="no tier")
define("plot.map.overlap", zh="重叠：第{rows}档都符合", en="overlap: tiers {rows} all hold")
define("plot.map.gap", zh="空档：得 0", en="gap: 0")
define("plot.map.counterexample", zh="反例 {code}", en="counterexample {code}")
define("plot.map.row", zh="档", en="tier")

# ---------------------------------------------------------------------------- the batch report
define("plot.batch.title", zh="{title}：资金测算", en="{title}: budget exposure")
define(
    "plot.batch.subtitle",
    zh="人群 {source}，{count} 家企业；合计 {total}",
    en="population {source}, {count} enterprises; total {total}",
)
define("plot.batch.distribution", zh="获奖企业的奖励分布（{count} 家）", en="awards of the enterprises paid ({count})")
define("plot.batch.enterprises", zh="企业数", en="enterprises")
define("plot.batch.cost", zh="各条款所需金额与资金", en="cost per clause against the fund")
define("plot.batch.cost_axis", zh="金额（万元）", en="amount (10,000 yuan)")
define("plot.batch.clause", zh="条款", en="clause")
define("plot.batch.kind", zh="类别", en="kind")
define("plot.batch.kind.paid", zh="确定给付", en="paid")
define("plot.batch.kind.undetermined", zh="不可确定（至多）", en="not determinable (at most)")
define("plot.batch.total", zh="合计", en="total")
define("plot.batch.fund", zh="资金：{name} {amount}", en="fund: {name} {amount}")
define("plot.batch.undetermined", zh="不可确定的企业数（各条款）", en="enterprises not determinable (per clause)")

# ---------------------------------------------------------------------------- the diff report
define("plot.diff.title", zh="修订的影响：{old} → {new}", en="What the revision does: {old} → {new}")
define(
    "plot.diff.subtitle",
    zh="{count} 个案例（企业）；旧版合计 {old}，新版合计 {new}",
    en="{count} cases (enterprises); old total {old}, new total {new}",
)
define(
    "plot.diff.waterfall",
    zh="从旧版合计经各条款的变化到新版合计",
    en="from the old total through each clause's change to the new total",
)
define("plot.diff.old_total", zh="旧版合计", en="old total")
define("plot.diff.new_total", zh="新版合计", en="new total")
define("plot.diff.step", zh="步骤", en="step")
define("plot.diff.amount", zh="金额（万元）", en="amount (10,000 yuan)")
define("plot.diff.change", zh="变化", en="change")
define("plot.diff.up", zh="增加", en="increase")
define("plot.diff.down", zh="减少", en="decrease")
define("plot.diff.total", zh="合计", en="total")
define("plot.diff.outcomes", zh="得多、得少、不变的企业", en="enterprises gaining, losing, unchanged")
define("plot.diff.outcome", zh="结果", en="outcome")
define("plot.diff.outcome.gain", zh="得多", en="gain")
define("plot.diff.outcome.loss", zh="得少", en="loss")
define("plot.diff.outcome.same", zh="不变", en="same")
define("plot.diff.outcome.undetermined", zh="不可确定", en="not determinable")
define("plot.diff.outcome.not_applicable", zh="不适用", en="not applicable")
define("plot.diff.enterprises", zh="企业数", en="enterprises")

# ---------------------------------------------------------------------------- --report on batch and diff
define(
    "cli.batch.opt.report",
    zh="把资金测算图（奖励分布、各条款所需金额与资金、不可确定部分）写入 FILE.html，离线可用",
    en="Write the budget exposure (award distribution, cost per clause against the fund, what is not determinable) to FILE.html, which works offline",
)
define(
    "cli.diff.opt.report",
    zh="把修订影响图（从旧版合计经各条款变化到新版合计，得多与得少的企业）写入 FILE.html，离线可用；需要 --cases 或 --population",
    en="Write the revision's impact (a waterfall from the old total through each clause's change to the new total, gainers and losers) to FILE.html, which works offline; needs --cases or --population",
)
