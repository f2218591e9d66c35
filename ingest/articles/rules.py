"""The relation rules: one named, transparent pattern per way a wire report states a fact.

Every rule is a template over the masked sentence (see :mod:`ingest.articles.masking`), a
relation, a base confidence and, for passive voice, ``swap`` (the grammatical subject is the
fact's object). Rule names are stored with each fact (``meet.verb``, ``invest.raise``, ...),
so a person can always see why a fact was proposed.

========================  ================================================================
rule                      example
========================  ================================================================
``meet.verb``             Sam Altman met Prime Minister Fumio Kishida
``meet.pair``             Altman and Kishida held talks
``office.open``           OpenAI opened its first Asian office in Tokyo
``office.city``           OpenAI opens Tokyo office
``office.has``            OpenAI has offices in London and Dublin
``release.verb``          Mistral AI released Mistral Large
``release.passive``       Mistral Large, released by Mistral AI
``invest.verb``           Amazon will invest up to $4 billion in Anthropic
``invest.noun``           Microsoft made a multibillion-dollar investment in OpenAI
``invest.possessive``     Microsoft's $13 billion investment in OpenAI
``invest.stake``          SoftBank took a stake in Arm
``invest.stake-relative`` the stakes that Amazon and Google took in Anthropic
``invest.raise``          Mistral AI raised €385 million from Andreessen Horowitz (investor -> raiser)
``partner.verb``          Microsoft struck a partnership with Mistral AI
``partner.pair``          SoftBank and OpenAI agreed on Monday to set up a joint venture
``partner.noun``          a partnership between OpenAI and SoftBank
``acquire.verb``          Databricks agreed to acquire MosaicML for $1.3 billion
``acquire.noun``          Databricks completed its acquisition of MosaicML
``acquire.passive``       MosaicML was bought by Databricks
``regulate.verb``         Garante fined OpenAI €15 million; the regulator banned ChatGPT
``regulate.probe``        the FTC opened an investigation into OpenAI
``regulate.probe-scope``  the FTC launched an inquiry into the deals that Microsoft struck with OpenAI
``regulate.passive``      OpenAI was fined €15 million by Garante
``attend.verb``           Elon Musk and Sam Altman attended the AI Safety Summit
``attend.host``           Rishi Sunak hosted the AI Safety Summit (role: host)
``attend.passive``        the summit was attended by ...
========================  ================================================================

Example:
    >>> [r.name for r in RULES if r.relation == "MET"]
    ['meet.verb', 'meet.pair']
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Final

from ingest.articles.masking import compile_rule

__all__ = ["ACTION_OF_VERB", "RULES", "Rule"]

logger = logging.getLogger(__name__)

_ORGS: Final = "Company|Government|Agency|Organization"
_ACTORS: Final = "Person|Company|Government|Agency|Organization"
_REGULATORS: Final = "Government|Agency|Organization"


@dataclass(frozen=True, slots=True)
class Rule:
    """One extraction rule.

    Attributes:
        name: stable name, stored with every fact it proposes.
        relation: the relation type (a key of ``graph.schema.RELATIONS``).
        pattern: compiled regex over the masked sentence, with groups ``s``, ``o``, ``t``
            (the trigger word) and optionally ``x`` (more subjects) and ``v`` (the verb that
            names a regulatory action).
        confidence: base confidence of what it proposes.
        swap: the ``s`` group holds the fact's object (passive voice, "raised from").
        role: a fixed ``role`` property (e.g. ``host``).
    """

    name: str
    relation: str
    pattern: re.Pattern[str]
    confidence: float
    swap: bool = False
    role: str | None = None


def _r(name: str, relation: str, template: str, confidence: float, *, swap: bool = False,
       role: str | None = None) -> Rule:
    return Rule(name, relation, compile_rule(template), confidence, swap, role)


_PLACE_AFTER: Final = r"(?:\s+(?:on|in|at)\s+⟦(?:Date|Place)#\d+⟧)?"

RULES: Final[tuple[Rule, ...]] = (
    # -- meetings ---------------------------------------------------------------------------
    _r("meet.verb", "MET",
       r"{S:Person}{GS}\b(?P<t>met|meets|meeting|held talks|holds talks|hold talks|"
       r"(?:held|holds|hold|had|have) (?:a )?(?:conversation|meeting|call|talks)|sat down|sit down|spoke|speaks|"
       r"received|hosted|visited)" + _PLACE_AFTER + r"\s+(?:with\s+)?{O*:Person}", 0.9),
    _r("meet.pair", "MET",
       r"{S:Person}\s+and\s+{O:Person}\s+(?:have\s+|had\s+|will\s+)?(?P<t>met|meet|held talks|hold talks|"
       r"spoke)\b", 0.85),
    # -- offices ----------------------------------------------------------------------------
    _r("office.open", "HAS_OFFICE_IN",
       r"{S:Company|Organization}{GS}\b(?P<t>opened|opens|open|opening|launched|launches|set up|sets up|"
       r"established|establishes|establish|inaugurated)\b(?P<desc>[^⟦⟧]{0,40}?)\b(?:office|offices|hub|"
       r"headquarters|base|outpost|campus|research (?:centre|center|lab)|lab)\s+(?:in|at)\s+{O*:Place}", 0.9),
    _r("office.city", "HAS_OFFICE_IN",
       r"{S:Company|Organization}{GS}\b(?P<t>opened|opens|open|opening|launched|launches)\s+(?:a\s+|an\s+|its\s+)?"
       r"(?:new\s+|first\s+)?{O:Place}\s+(?:office|hub|base|outpost)", 0.85),
    _r("office.has", "HAS_OFFICE_IN",
       r"{S:Company|Organization}{GS}\b(?P<t>has|have|with)\s+(?:\w+\s+){0,2}(?:offices|an office|office)\s+"
       r"in\s+{O*:Place}", 0.75),
    # -- releases ---------------------------------------------------------------------------
    _r("release.verb", "RELEASED",
       r"{S:Company|Organization}{GS}\b(?P<t>released|releases|release|launched|launches|launch|unveiled|"
       r"unveils|unveil|introduced|introduces|rolled out|rolls out|debuted|debuts|open-sourced|"
       r"made available)\s+(?:its\s+|a\s+|an\s+|the\s+)?(?:new\s+|latest\s+)?{O*:Product}", 0.9),
    _r("release.passive", "RELEASED",
       r"{S:Product},?\s+(?:which\s+was\s+|was\s+|were\s+)?(?P<t>released|launched|unveiled|developed|built|made)"
       r"\s+by\s+{O:Company|Organization}", 0.8, swap=True),
    # -- investments ------------------------------------------------------------------------
    _r("invest.verb", "INVESTED_IN",
       r"{S:" + _ACTORS + r"}{GS}\b(?P<t>invest|invested|invests|investing|poured|pour|pumped|injected|"
       r"committed|put)\b(?:[^⟦⟧]|⟦(?:Money|Date)#\d+⟧){0,40}?\bin(?:to)?\s+(?:the\s+)?{O*:Company|Organization}",
       0.9),
    _r("invest.noun", "INVESTED_IN",
       r"{S:" + _ACTORS + r"}{GS}\b(?P<t>making|made|make|makes|announced|announces|led|completed)\s+"
       r"(?:a|an|its)\s+(?:[^⟦⟧]|⟦(?:Money|Date)#\d+⟧){0,60}?\binvestment\s+in\s+{O*:Company|Organization}", 0.85),
    _r("invest.possessive", "INVESTED_IN",
       r"{S:" + _ACTORS + r"}['’]s\s+(?:[^⟦⟧]|⟦(?:Money|Date)#\d+⟧){0,40}?\b(?P<t>investment|stake)\s+in\s+"
       r"{O:Company|Organization}", 0.8),
    _r("invest.stake", "INVESTED_IN",
       r"{S:" + _ACTORS + r"}{GS}\b(?P<t>took|takes|taking|bought|buys|acquired|acquires)\s+(?:a\s+|an\s+)?"
       r"(?:[^⟦⟧]|⟦(?:Money|Date)#\d+⟧){0,30}?\bstake\s+in\s+{O*:Company|Organization}", 0.85),
    _r("invest.stake-relative", "INVESTED_IN",
       r"\bstakes?\s+(?:that|which)\s+{S*:" + _ACTORS + r"}\s+(?:have\s+|has\s+|had\s+)?(?P<t>took|taken|bought|"
       r"acquired|hold|holds|held|built)\s+in\s+{O*:Company|Organization}", 0.8),
    _r("invest.raise", "INVESTED_IN",
       r"{S:Company|Organization}{GS}\b(?P<t>raised|raises|raising|secured|closed|landed)\b"
       r"(?:[^⟦⟧]|⟦(?:Money|Date)#\d+⟧){0,80}?\b(?:from|led by|backed by|including)\s+"
       r"(?:investors\s+(?:including|such as)\s+)?{O*:" + _ACTORS + r"}", 0.8, swap=True),
    # -- partnerships -----------------------------------------------------------------------
    _r("partner.verb", "PARTNERS_WITH",
       r"{S:" + _ORGS + r"}{GS}\b(?:(?P<t>partnered|partnering|partners|partner|teamed up|teams up|team up|"
       r"joined forces|joins forces|join forces|allied|collaborat\w+)|(?P<t2>signed|signs|struck|strikes|"
       r"strike|inked|inks|forged|formed|sealed|entered into|reached|agreed)\s+(?:[^⟦⟧]|⟦(?:Date|Money)#\d+⟧){0,60}?"
       r"(?:partnership|deal|agreement|pact|alliance|collaboration|memorandum of understanding|tie-up|"
       r"joint venture))"
       r"\s+with\s+{O*:" + _ORGS + r"}", 0.85),
    _r("partner.pair", "PARTNERS_WITH",
       r"{S:" + _ORGS + r"}\s+and\s+{O:" + _ORGS + r"}\s+(?:have\s+|will\s+)?(?P<t>announced|signed|formed|struck|"
       r"unveiled|agreed|entered|reached|launched|set up)\s+(?:[^⟦⟧]|⟦(?:Date|Money)#\d+⟧){0,60}?"
       r"(?:partnership|alliance|agreement|deal|collaboration|pact|joint venture)", 0.85),
    _r("partner.noun", "PARTNERS_WITH",
       r"\b(?P<t>partnership|alliance|collaboration|tie-up)\s+(?:between|of)\s+{S:" + _ORGS + r"}\s+and\s+"
       r"{O:" + _ORGS + r"}", 0.8),
    # -- acquisitions -----------------------------------------------------------------------
    _r("acquire.verb", "ACQUIRED",
       r"{S:Company}{GS}\b(?P<t>acquired|acquires|acquire|acquiring|bought|buys|buy|buying|purchased|"
       r"purchases|purchase|took over|takes over|take over|snapped up)\s+(?!(?:a|an)\s+(?:\w+\s+){0,3}stake)"
       r"(?:(?:[a-z][\w-]*)\s+){0,4}?{O:Company|Product}", 0.9),
    _r("acquire.noun", "ACQUIRED",
       r"{S:Company}{GS}\b(?P<t>acquisition|purchase|takeover|buyout)\s+of\s+{O:Company|Product}", 0.8),
    _r("acquire.passive", "ACQUIRED",
       r"{S:Company|Product}{G}\b(?:was|has been|is being|will be|had been|is)\s+(?P<t>acquired|bought|"
       r"purchased|taken over)\s+by\s+{O:Company}", 0.85, swap=True),
    # -- regulation and enforcement ---------------------------------------------------------
    _r("regulate.verb", "REGULATES",
       r"{S:" + _REGULATORS + r"}{GS}\b(?P<t>(?P<v>fined|fines|fine|banned|bans|ban|blocked|blocks|block|"
       r"ordered|orders|sued|sues|sanctioned|sanctions|restricted|restricts|suspended|suspends|warned|warns|"
       r"penali[sz]ed|charged))\s+(?:the\s+)?{O:Company|Product}", 0.9),
    _r("regulate.probe", "REGULATES",
       r"{S:" + _REGULATORS + r"}{GS}\b(?:(?P<t>opened|launched|started|began|announced|opens|launches|"
       r"starts)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?P<v>investigation|probe|inquiry|review)\s+(?:into|of)\s+"
       r"(?:the\s+)?|(?P<t2>(?P<v2>is\s+investigating|investigated|investigates|is\s+probing|probed|probes))\s+)"
       r"{O:Company|Product}", 0.85),
    _r("regulate.probe-scope", "REGULATES",
       r"{S:" + _REGULATORS + r"}{GS}\b(?P<t>opened|launched|started|began|announced|opens|launches|starts)\s+"
       r"(?:a|an)\s+(?:[\w-]+\s+){0,2}(?P<v>investigation|probe|inquiry|review)\s+(?:into|of)\s+"
       r"(?P<o>(?:[^⟦⟧.;]|⟦(?:Company|Product|Date|Money|Place)#\d+⟧){1,200})", 0.75),
    _r("regulate.passive", "REGULATES",
       r"{S:Company|Product}{G}\b(?:was|has been|had been|will be|were)\s+(?P<t>(?P<v>fined|banned|blocked|"
       r"ordered|sued|sanctioned|suspended|penali[sz]ed))\b{G}\bby\s+(?:the\s+)?{O:" + _REGULATORS + r"}",
       0.85, swap=True),
    # -- summits and other events -----------------------------------------------------------
    _r("attend.verb", "ATTENDED",
       r"{S*:" + _ACTORS + r"}{GS}\b(?P<t>attended|attends|attend|attending|took part in|takes part in|"
       r"take part in|participated in|participates in|spoke at|speaks at|addressed|joined|were at|was at)\s+"
       r"(?:the\s+)?{O:Event}(?:[^⟦⟧]{0,20}?,?\s+(?:along with|alongside|as well as|together with)\s+"
       r"{X*:" + _ACTORS + r"})?", 0.85),
    _r("attend.host", "ATTENDED",
       r"{S:" + _ACTORS + r"}{GS}\b(?P<t>hosted|hosts|host|will host|chaired|chairs|co-hosted|co-hosts)\s+"
       r"(?:the\s+)?{O:Event}", 0.85, role="host"),
    _r("attend.passive", "ATTENDED",
       r"{S:Event}{G}\b(?P<t>attended by|was attended by|brought together|drew)\s+{O*:" + _ACTORS + r"}",
       0.8, swap=True),
)

ACTION_OF_VERB: Final[dict[str, str]] = {
    "fine": "fine", "fined": "fine", "fines": "fine", "penalised": "fine", "penalized": "fine",
    "ban": "ban", "banned": "ban", "bans": "ban", "blocked": "ban", "blocks": "ban", "block": "ban",
    "suspended": "ban", "suspends": "ban", "restricted": "restriction", "restricts": "restriction",
    "ordered": "order", "orders": "order", "sued": "lawsuit", "sues": "lawsuit",
    "sanctioned": "sanction", "sanctions": "sanction", "warned": "warning", "warns": "warning",
    "charged": "charge", "investigation": "investigation", "probe": "investigation",
    "inquiry": "investigation", "review": "review", "is investigating": "investigation",
    "investigated": "investigation", "investigates": "investigation", "is probing": "investigation",
    "probed": "investigation", "probes": "investigation",
}
"""The ``action`` property of a REGULATES fact, from the verb or noun of the rule."""
