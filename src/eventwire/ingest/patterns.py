"""Word lists for page furniture: boilerplate lines, teaser-block headings, comment headings.

Each pattern must match a whole line (after ``line_key`` lower-cases it and trims punctuation
and bullets around it), and only short lines are tested, so a sentence of the article that
merely contains "share" or "subscribe" is never taken for furniture.
"""
from __future__ import annotations

import re

# trims bullets, arrows, pipes, quotes and other punctuation around a line before matching
_EDGE_RE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE_RE = re.compile(r"\s+")


def line_key(line: str) -> str:
    return _SPACE_RE.sub(" ", _EDGE_RE.sub("", line.casefold())).strip()


def _full(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(alternatives) + r")", re.I)


_SOCIAL = r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|messenger|threads|bluesky)"

BOILERPLATE = _full(
    r"skip to (?:the )?(?:main )?(?:content|navigation|search|footer|article|main)",
    r"skip (?:navigation|ad|advertisement)",
    r"jump to (?:main )?(?:content|navigation)",
    r"(?:main |site |open |close )?(?:menu|navigation)",
    r"toggle (?:navigation|menu|search)",
    r"search(?: this (?:site|blog|website))?",
    r"home(?:page)?",
    r"share(?: this)?(?: (?:article|story|post|page|video|link))?",
    rf"share (?:on|via|to|with) {_SOCIAL}",
    rf"{_SOCIAL}",
    r"tweet|print|save|bookmark|pin it|copy link|link copied|get link|other apps|more options",
    r"subscribe(?: now| today| here)?",
    r"subscribe to .{1,60}",
    r"sign up(?: now| here| today)?(?: (?:for|to) .{1,60})?",
    r"sign in|log in|login|log out|logout|register|my account|create (?:an )?account",
    r"newsletters?",
    r"advertisement|advertising|advert|ads?|sponsored(?: content| links?)?|paid (?:post|content)",
    r"promoted(?: content| stories)?|partner content|story continues below(?: advertisement)?",
    r"(?:accept|reject|decline|manage|allow)(?: all)? cookies|cookie (?:settings|policy|preferences|consent)",
    r"privacy(?: policy| notice| settings)?|terms(?: of (?:use|service))?|terms and conditions",
    r"contact(?: us)?|about(?: us)?|sitemap|site map|accessibility|imprint|impressum|careers",
    r"all rights reserved.{0,80}",
    r"copyright (?:\u00a9 ?)?(?:\d{4}|by |all |\(c\)).{0,120}|\u00a9.{0,120}",
    r"back to top|scroll to top|top of page|go to top",
    r"loading(?: comments)?",
    r"follow us(?: on .{1,40})?",
    r"listen to (?:this )?(?:article|story)(?: \d+ min(?:utes?|s)?)?",
    r"\d+ min(?:ute)?s? read",
    r"read full (?:article|story)|continue reading(?: .{1,40})?|click here(?: .{1,60})?|tap here(?: .{1,60})?",
    r"posted by .{1,80}|labels?: .{1,200}|tags?: .{1,200}|filed under:? .{1,200}|categories?: .{1,200}",
    r"newer posts?|older posts?|newer post older post(?: home)?|powered by .{1,40}|report abuse",
    r"email this|blogthis|share to (?:twitter|facebook|pinterest|x)",
    r"get (?:the|our) (?:latest|app|newsletter)(?: .{1,60})?|download (?:the|our) app(?: .{1,60})?",
    r"(?:previous|next)(?: (?:article|story|post|page))?",
    r"(?:show|load|view) more(?: stories| articles| news)?",
    r"your email address will not be published.{0,80}|required fields are marked.{0,20}",
    r"post comment|submit|cancel reply|notify me of .{1,80}",
    r"support (?:our|independent) journalism.{0,80}|donate(?: now)?",
    r"(?:image|photo) (?:source|credit|copyright)(?: .{1,60})?",
    r"0 comments?|no comments(?: yet)?|be the first to comment",
    r"(?:enable|turn on) javascript.{0,80}|javascript is (?:disabled|required).{0,80}",
    r"this (?:video|content) is not available.{0,60}",
    r"tags?|labels?|topics|categories|filed under",
    r"(?:write to|contact|email|e-mail) .{0,60}\S+@\S+\.\w+",
    r"like this (?:story|article|post)\W+share it.{0,40}",
    r"(?:order )?reprints|print (?:this )?article|reuse permissions|license this (?:article|content)",
    r"thanks? (?:you )?for (?:signing up|subscribing).{0,60}|keep an eye on your inbox.{0,60}",
    r"(?:sorry, )?there was an error processing your (?:subscription|request).{0,40}",
    r"an error (?:has )?occurred\W+please try again(?: later)?",
)
BOILERPLATE_MAX_WORDS = 15
LIST_MAX_WORDS = 40  # "Labels: ...", "Tags: ..." lists may be longer

COOKIE_RE = re.compile(r"\bcookies?\b", re.I)
COOKIE_NOTICE_RE = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site|by (?:continuing|using|clicking))\b.{0,200}"
    r"\b(?:accept|consent|agree|continu\w*|privacy|experience|settings|use of cookies)\b", re.I)
COOKIE_MAX_WORDS = 80

TEASER_HEADING = _full(
    r"popular posts(?: from this blog)?|popular (?:stories|articles|now|news|on .{1,30})",
    r"most (?:read|popular|viewed|shared|commented|recent|watched)(?: (?:stories|articles|news|posts))?"
    r"(?: (?:this week|today|now))?",
    r"related(?: (?:articles?|posts?|stories|story|news|content|coverage|links|topics|reading|videos?))?",
    r"(?:read|see) (?:more|also)(?: (?:on|about|from|stories|articles|news) ?.{0,40})?",
    r"also read|read next|further reading|more (?:to read|reading)|keep reading|what to read next",
    r"you (?:may|might|could) (?:also )?(?:like|enjoy|be interested in)(?: these)?",
    r"(?:we )?recommend(?:ed)?(?: for you| stories| articles| reading| videos)?|recommendations?",
    r"editor'?s?'? (?:picks?|choice)|top stories|top headlines|latest (?:news|stories|articles|posts|headlines)",
    r"trending(?: now| stories| news| topics)?|don'?t miss|must read|in other news|other (?:stories|articles|news)",
    r"more (?:from|on|in|about) .{1,40}|more (?:stories|articles|news|headlines|videos)",
    r"elsewhere on .{1,30}|around the web|from (?:the|our) (?:web|partners)|sponsored stories",
    r"recent (?:posts|articles|stories)|featured (?:stories|articles|posts)|explore more",
    # other languages news is written in
    r"(?:à )?lire aussi|a lire également|à lire également|sur le même sujet|les plus lus|voir aussi",
    r"(?:lee|leer) (?:también|más)|te puede interesar|noticias relacionadas|lo más (?:leído|visto)",
    r"lesen sie (?:auch|mehr)|mehr zum thema|das könnte sie auch interessieren|meistgelesen|"
    r"weitere artikel|auch interessant",
    r"leggi anche|potrebbe interessarti|i più letti|articoli correlati",
    r"leia (?:também|mais)|veja também|mais lidas|notícias relacionadas",
    r"читайте также|по теме|самое читаемое|смотрите также|читайте також|по темі",
    r"اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|مواضيع ذات صلة|الأكثر قراءة|أخبار ذات صلة|اخترنا لك",
    r"بیشتر بخوانید|مطالب مرتبط|مطالب پربازدید|پربازدیدترین\S*|اخبار مرتبط|مطالب پیشنهادی|بیشتر بخوانید",
    r"ilgili haberler|bunlar da ilginizi çekebilir|(?:en )?çok okunanlar",
    r"相关新闻|相关阅读|热门文章|推荐阅读",
)
TEASER_HEADING_MAX_WORDS = 8

# "READ MORE: Another headline" inside an article: the line is a one-line teaser
INLINE_TEASER_RE = re.compile(
    r"^\W{0,3}(?:read more|read also|also read|related|see also|recommended|watch|listen|more)"
    r"\s*[:|\u00bb\u203a>\-\u2013\u2014]\s*\S", re.I)
INLINE_TEASER_MAX_WORDS = 25

COMMENTS_HEADING = _full(
    r"(?:top|most|best) (?:rated|recent|popular|liked|recommended) comments|"
    r"\d+ comments?|comments?(?: \d+)?|\d+ (?:responses?|replies|thoughts)(?: (?:to|on) .{1,160})?",
    r"(?:leave|post|add|write) (?:a |your )?(?:reply|comment|response)",
    r"(?:join|start) the (?:discussion|conversation)|reader comments|readers'? comments",
    r"(?:show|view|load|see|read) (?:all )?(?:\d+ )?comments",
    r"(?:\d+ )?kommentare?|(?:\d+ )?commentaires?|(?:\d+ )?comentarios?|(?:\d+ )?комментари\w*",
    r"نظرات|دیدگاه‌?ها|التعليقات|تعليقات|yorumlar",
)
COMMENTS_HEADING_MAX_WORDS = 25


def is_boilerplate(line: str, words: int) -> bool:
    if words <= LIST_MAX_WORDS:
        key = line_key(line)
        if key and BOILERPLATE.fullmatch(key) and (
                words <= BOILERPLATE_MAX_WORDS or key.startswith(("label", "tag", "filed", "categor"))):
            return True
    if words <= COOKIE_MAX_WORDS and COOKIE_RE.search(line) and COOKIE_NOTICE_RE.search(line):
        return True
    return False


def is_teaser_heading(line: str, words: int) -> bool:
    if words > TEASER_HEADING_MAX_WORDS or line.rstrip().endswith((".", "!", "?")):
        return False
    key = line_key(line)
    return bool(key) and bool(TEASER_HEADING.fullmatch(key))


def is_inline_teaser(line: str, words: int) -> bool:
    return words <= INLINE_TEASER_MAX_WORDS and bool(INLINE_TEASER_RE.match(line))


def is_comments_heading(line: str, words: int) -> bool:
    if words > COMMENTS_HEADING_MAX_WORDS or line.rstrip().endswith((".", "!")):
        return False
    key = line_key(line)
    return bool(key) and bool(COMMENTS_HEADING.fullmatch(key))
