"""The two plain-language instruments `check` scores, item by item, declared once.

PEMAT-P (AHRQ's Patient Education Materials Assessment Tool, printable
version, 2013, revised 2020): understandability items 1-12 and 15-19
(13 and 14 are for audiovisual material only) and actionability items 20-26,
each agree, disagree or not applicable; a score is agree / applicable.
The CDC Clear Communication Index (2019 edition): 20 items in parts A-D, each
scored 1 or 0 or not applicable; a score is points / applicable.

The catalog schema (`catalog/schema.py`) takes the item ids a person may
rate from here, and `quality/plain_language.py` says which of them a program
can score. Declarations only: the schema imports this module on every start-up.
"""

from __future__ import annotations

from typing import NamedTuple

UNDERSTANDABILITY = "understandability"
ACTIONABILITY = "actionability"
CCI = "cci"

# What a person records for an item, and what a program infers.
AGREE, DISAGREE, NOT_APPLICABLE = "agree", "disagree", "na"
RATINGS = (AGREE, DISAGREE, NOT_APPLICABLE)


class Question(NamedTuple):
    """One item of an instrument: `pemat-22` is PEMAT-P item 22."""

    id: str
    scale: str
    number: int
    text: str


def _pemat(number: int, text: str) -> Question:
    return Question(f"pemat-{number}", UNDERSTANDABILITY if number <= 19 else ACTIONABILITY, number, text)


def _cci(number: int, text: str) -> Question:
    return Question(f"cci-{number}", CCI, number, text)


QUESTIONS = (
    _pemat(1, "The material makes its purpose completely evident."),
    _pemat(2, "The material does not include information or content that distracts from its purpose."),
    _pemat(3, "The material uses common, everyday language."),
    _pemat(4, "Medical terms are used only to familiarize the audience with the terms; when used, they are defined."),
    _pemat(5, "The material uses the active voice."),
    _pemat(6, "Numbers appearing in the material are clear and easy to understand."),
    _pemat(7, "The material does not expect the user to perform calculations."),
    _pemat(8, 'The material breaks or "chunks" information into short sections.'),
    _pemat(9, "The material's sections have informative headers."),
    _pemat(10, "The material presents information in a logical sequence."),
    _pemat(11, "The material provides a summary."),
    _pemat(12, "The material uses visual cues to draw attention to key points."),
    _pemat(15, "The material uses visual aids whenever they could make content more easily understood."),
    _pemat(16, "The material's visual aids reinforce rather than distract from the content."),
    _pemat(17, "The material's visual aids have clear titles or captions."),
    _pemat(18, "The material uses illustrations and photographs that are clear and uncluttered."),
    _pemat(19, "The material uses simple tables with short and clear row and column headings."),
    _pemat(20, "The material clearly identifies at least one action the user can take."),
    _pemat(21, "The material addresses the user directly when describing actions."),
    _pemat(22, "The material breaks down any action into manageable, explicit steps."),
    _pemat(23, "The material provides a tangible tool whenever it could help the user take action."),
    _pemat(24, "The material provides simple instructions or examples of how to perform calculations."),
    _pemat(25, "The material explains how to use the charts, graphs, tables, or diagrams to take actions."),
    _pemat(26, "The material uses visual aids whenever they could make it easier to act on the instructions."),
    _cci(1, "The material contains one main message statement."),
    _cci(2, "The main message statement is at the top, beginning, or front of the material."),
    _cci(3, "The main message is emphasized with visual cues."),
    _cci(4, "The material contains at least one visual that conveys or supports the main message."),
    _cci(5, "The material includes one or more calls to action for the primary audience."),
    _cci(6, "Both the main message and the call to action use the active voice."),
    _cci(7, "The material always uses words the primary audience uses."),
    _cci(8, "The material uses bulleted or numbered lists."),
    _cci(9, "The material is organized in chunks with headings."),
    _cci(10, "The most important information is summarized in the first paragraph or section."),
    _cci(11, "The material explains what authoritative sources know and do not know about the topic."),
    _cci(12, "The material includes one or more behavioral recommendations for the primary audience."),
    _cci(13, "The material explains why the behavioral recommendation is important to the primary audience."),
    _cci(14, "The behavioral recommendation includes specific directions about how to perform the behavior."),
    _cci(15, "The material always presents numbers the primary audience uses."),
    _cci(16, "The material always explains what the numbers mean."),
    _cci(17, "The audience does not have to conduct mathematical calculations."),
    _cci(18, "The material explains the nature of the risk."),
    _cci(19, "The material explains the risks and benefits of the recommended behavior."),
    _cci(20, "If the material uses numeric probability to describe risk, it also explains it in words or a visual."),
)
QUESTION = {question.id: question for question in QUESTIONS}
QUESTION_IDS = tuple(QUESTION)
SCALES = (UNDERSTANDABILITY, ACTIONABILITY, CCI)
SCALE_NAMES = {
    UNDERSTANDABILITY: "PEMAT-P understandability",
    ACTIONABILITY: "PEMAT-P actionability",
    CCI: "CDC Clear Communication Index",
}
