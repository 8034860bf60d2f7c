"""Contradictory boundary words and language versions (frontend/bounds.py): 语言版本, 读作, and what check says."""

from policylang.report.i18n import define

# ---------------------------------------------------------------------------- 语言版本 (C075)
define(
    "bounds.unknown_version",
    zh="未知的语言版本“{version}”：语言版本为 1 至 {latest}",
    en="unknown language version “{version}”: the versions are 1 to {latest}",
)
define(
    "bounds.hint.version",
    zh="写 语言版本 {latest}（矛盾的边界用语在边界处为不可确定，除非写明 读作），或删去此行（版本 1：按括注计算）",
    en="write 语言版本 {latest} (contradictory boundary words leave the edge not determinable unless 读作 is"
    " written), or delete the line (version 1: the mark decides)",
)
define(
    "bounds.name_taken",
    zh="“{name}”已声明为参数；此处边界用语自相矛盾，其读法须另取名字：写 读作 含 或 读作 不含，或给参数改名",
    en="“{name}” is already a declared parameter, so the reading of these contradictory boundary words cannot"
    " take that name: write 读作 含 or 读作 不含, or rename the parameter",
)

# ---------------------------------------------------------------------------- W201 (version 1)
define(
    "bounds.hint.migrate",
    zh="删去其一，使边界只有一种说法；在 语言版本 2 中，恰在边界的值为“不可确定”，除非写明读法：在标头写 语言版本 2，"
    "并写 {text} 读作 {mark_reading}（按“{mark}”）或 读作 {verb_reading}（按“{verb}”），再在本条解读中写明按哪个计",
    en="delete one of them, so the boundary is said one way; under 语言版本 2 a value exactly at the boundary is"
    " not determinable unless a reading is written: add 语言版本 2 to the header and write {text} 读作 {mark_reading}"
    " (by “{mark}”) or 读作 {verb_reading} (by “{verb}”), with a 解读 in the clause saying which (按…计)",
)

# ---------------------------------------------------------------------------- 读作 (T300–T302)
define(
    "bounds.reading_word",
    zh="“读作”之后须为“含”或“不含”，这里是“{word}”",
    en="“读作” must be followed by “含” or “不含”, not “{word}”",
)
define(
    "bounds.hint.reading_word",
    zh="如 {text} 读作 含",
    en="e.g. {text} 读作 含",
)
define(
    "bounds.reading_not_contradictory",
    zh="“{text}”的边界用语并不矛盾，无须“读作”",
    en="the boundary words of “{text}” do not contradict each other: there is nothing for “读作” to decide",
)
define(
    "bounds.hint.reading_not_contradictory",
    zh="删去“读作 …”；只有动词与括注矛盾时（如 超过 50家(含)）才写读法",
    en="delete “读作 …”; a reading is written only where the verb and the mark disagree (超过 50家(含))",
)

# ---------------------------------------------------------------------------- 读作 and 解读 (W202, W203)
define(
    "bounds.reading_unexplained",
    zh="“{text} 读作 {reading}”按“{follows}”而不按“{over}”计，本条没有解读说明这一读法",
    en="“{text} 读作 {reading}” reads the boundary by “{follows}”, not “{over}”, but no 解读 of the clause says so",
)
define(
    "bounds.reading_contradicted",
    zh="本条解读按“{over}”计，而“{text} 读作 {reading}”按“{follows}”计：解读与代码不一致",
    en="a 解读 of the clause reads the boundary by “{over}”, but “{text} 读作 {reading}” reads it by “{follows}”:"
    " the 解读 and the code disagree",
)
define(
    "bounds.hint.reading_explained",
    zh='在本条写 解读 "…按“{follows}”计…"，说明为何这样读',
    en="write a 解读 in the clause saying “…按“{follows}”计…” and why",
)

# ---------------------------------------------------------------------------- check (UNSPEC002)
define(
    "check.rule.UNSPEC002",
    zh="边界用语自相矛盾，原文未定读法",
    en="contradictory boundary words the text leaves unread",
)
define(
    "bounds.UNSPEC002.message",
    zh="“{text}”自相矛盾：按“{verb}”{verb_edge}本数，按“{mark}”{mark_edge}本数；恰在边界的值为“不可确定”{where}",
    en="“{text}” contradicts itself: by “{verb}” the number {verb_edge}, by “{mark}” it {mark_edge}; a value exactly"
    " at the boundary is not determinable{where}",
)
define("bounds.edge.含", zh="含", en="counts")
define("bounds.edge.不含", zh="不含", en="does not count")
define(
    "bounds.UNSPEC002.suggestion",
    zh="原文或其解读若定了读法，写 {text} 读作 {mark_reading}（按“{mark}”）或 读作 {verb_reading}（按“{verb}”），"
    "并在解读中写明；在此之前可用 --set '{name}=含' 假定一种读法",
    en="if the text or its reading settles it, write {text} 读作 {mark_reading} (by “{mark}”) or 读作 {verb_reading}"
    " (by “{verb}”), with a 解读 saying so; until then --set '{name}=含' assumes a reading",
)

# ---------------------------------------------------------------------------- diff
define("bounds.diff.subject", zh="边界“{text}”", en="boundary “{text}”")
define("bounds.diff.edge.含", zh="含本数", en="the number counts")
define("bounds.diff.edge.不含", zh="不含本数", en="the number does not count")
define(
    "bounds.diff.edge.含否",
    zh="未定读法（语言版本 2：恰在边界的值不可确定）",
    en="no reading stated (语言版本 2: a value exactly at the boundary is not determinable)",
)

# ---------------------------------------------------------------------------- check TIER005 (version 1)
define(
    "bounds.TIER005.migrate",
    zh="本文件为语言版本 1（按括注计算）；在语言版本 2 中，未写读法时恰在边界的值为“不可确定”。迁移：在标头写 语言版本 2，"
    "并写 {text} 读作 {reading}（结果不变），解读若按另一种计则写 读作 {other}",
    en="this file is 语言版本 1 (the mark decides); under 语言版本 2 a value exactly at the boundary is not"
    " determinable unless a reading is written. To migrate, add 语言版本 2 to the header and write {text} 读作"
    " {reading} (the same results), or 读作 {other} if the clause's 解读 reads it the other way",
)
define(
    "bounds.reading_on_equality",
    zh="“{text}”用“{word}”比较恰好相等，括注不改变它，无须“读作”",
    en="“{text}” compares with “{word}” (exactly equal); a mark does not change that, so there is nothing for “读作” to decide",
)
define(
    "check.rule.UNSPEC003",
    zh="读作 写明的边界读法，本条解读没有说明（或说的是另一种）",
    en="a boundary reading stated with 读作 that the clause's 解读 does not state (or states the other way)",
)
