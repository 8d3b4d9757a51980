"""Build the .docx documents of the Waymark demo corpus.

Run with the project's virtualenv (python-docx is installed there):

    .venv/bin/python projects/demo/corpus/build_docx.py

Each document below is written as plain text: header paragraphs first, then speaker
turns, one per paragraph, as "Label: words". The label (up to and including the colon)
is set in bold at the start of its paragraph, which is how many transcription services
deliver interviews in Word; the workbench reads bold labels as speaker turns. The output
goes to documents/ beside this script and is fully determined by the text here, so the
files can be rebuilt at any time.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "documents"

LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z .'()-]{0,40}?):\s")

DOCUMENTS: dict[str, dict[str, object]] = {}

# --------------------------------------------------------------------------- Selworth, 2001

DOCUMENTS["2001-02_selworth_director-customer-services_w1.docx"] = {
    "title": "Selworth: Director of Customer Services, wave 1 (2001)",
    "header": [
        "Waymark evaluation, case study interviews, wave 1",
        "Selworth City Council (Waymark council, customer access, round one)",
        "Interview with Ruth Okafor, Director of Customer Services",
        "Held on 20 February 2001 at Selworth Civic Centre. Transcribed from tape.",
    ],
    "body": """
Interviewer: Can I start with the scale of it? How much dissemination has Selworth done this
year?

Ruth Okafor: A great deal. We counted up for the annual return last month: twenty-two open days,
the national conference, six regional events, and something over fourteen hundred delegates all
told. The toolkit on the website has been downloaded about three thousand times, though heaven
knows what people do with it. We had a stand at the Exchange's annual do as well. So in terms of
getting the message out, I think we've more than done what was asked.

Interviewer: And in terms of what people take away?

Ruth Okafor: That's the harder question, isn't it. I think a lot of them take away the
paperwork. We give them the scripts, the job descriptions, the process maps, because that's what
they ask for and that's what the prospectus says we should do. But what makes Selworth Direct
work isn't the scripts. It's that the advisers are trusted to finish the job. We took a
deliberate decision three years ago that the person who picks up the phone owns the problem, and
that took a long time to bed in, and a lot of arguments with the service departments. You can't
see that on a process map. You can only really see it by sitting next to an adviser for a
morning, and we can't offer that to fourteen hundred people.

Interviewer: Do you hear back from councils that have taken things from you?

Ruth Okafor: Occasionally. One or two have rung up to say they've opened a contact centre
modelled on ours. I always feel slightly anxious when I hear that, because I know they're a
tenth of our size, and I think, have you copied the bits that matter or just the bits that were
easy to copy? We had one district that used our scripts word for word, the names of our
departments were still in them when they went live. [laughs] Which I suppose is flattering.

Interviewer: Has the year taught Selworth anything?

Ruth Okafor: It has, yes. Having to explain it so many times has made us much clearer about what
it is. The first few open days, my shop manager and I gave quite different accounts of why it
worked. By Christmas we'd argued that out and we agreed. And visitors ask very good questions
sometimes. Somebody asked why we made disabled customers go through the same queue, and we had
no good answer, so we changed it. But I wouldn't overstate it. Mostly it's been us talking and
them listening.

Interviewer: How do other councils regard Selworth now that you hold the award?

Ruth Okafor: Mixed. There's a lot of goodwill from most people. But there's an edge too. We're a
big city, we'd already invested heavily, we had the money for the building. So you hear people
say, well, of course Selworth won, they could afford to. And there's a bit of truth in that. The
councils that could already do this kind of thing are the ones who get most out of a scheme like
this. The smaller ones come, they enjoy the day, and then I'm not sure they have the capacity to
do anything with it. There's also the fact that we'll be competing with some of these same
councils next year, for the next round and for the inspection ratings, so there's a slightly odd
atmosphere sometimes. People are nice to your face.

Interviewer: What part has the inspection regime played for you?

Ruth Okafor: A big part. Our customer services inspection came out very well the year before we
applied, and frankly that was what gave members the confidence to apply. And everything is
measured now. Calls answered within twenty seconds, enquiries resolved at first contact, all the
national indicators. The open days are partly about showing people those figures. You could say
we're selling the figures as much as the service.

Interviewer: If the Minister asked you to change one thing about the scheme, what would it be?

Ruth Okafor: Less of the big conferences and more of the small, focused stuff. Put three or four
people who really want to do this in a room with my advisers for a couple of days. That's where
I think the real learning would happen. But the scheme isn't set up for that at the moment. It's
set up to measure how many people you've told.
""",
}

# --------------------------------------------------------------------------- Kestermoor, 2004

DOCUMENTS["2004-05_kestermoor_improvement-manager_w2.docx"] = {
    "title": "Kestermoor: Improvement Manager, wave 2 (2004)",
    "header": [
        "Waymark evaluation, case study interviews, wave 2",
        "Kestermoor District Council (learner council)",
        "Interview with Sally Venn, Improvement Manager (formerly policy officer)",
        "Held on 6 May 2004 at Kestermoor Council Offices. Transcribed from tape.",
    ],
    "body": """
Interviewer: You've been Kestermoor's main link with the Waymark scheme since the beginning. How
would you describe the journey?

Sally Venn: [laughs] Long. In 2000 and 2001 I was going to open days more or less on my own
initiative. I'd go, I'd bring back the folder, I'd write a briefing note, and it would go into
the members' pack and nothing would happen. I don't blame anyone for that. We had no money, no
spare staff, and a political leadership that thought the whole thing was a beauty contest. You
can't learn anything as an organisation if there's nobody with the time or the mandate to do
anything with it.

Interviewer: And then the rating in December 2002.

Sally Venn: Then the rating. I'm not going to pretend it wasn't awful, because it was. People
were upset. But in a strange way it was the best thing that could have happened for what I was
trying to do. Within a month I had a new job title, a budget of twenty thousand pounds for
visits and placements, and a chief executive who wanted a report on his desk every six weeks.
Everybody suddenly wanted to know what good councils did.

Interviewer: How did you decide where to go?

Sally Venn: I was much more careful than I'd been before. I used the learning plan template from
the Exchange, which I'd thought was a bit of a gimmick when it came out, but it made us write
down what the problem actually was. Our problem was not that we lacked a one-stop shop. Our
problem was that a benefits claim took thirty-four days because it went through four pairs of
hands and two buildings. So I looked for councils our size, rural, with good benefits figures,
and I rang round. I found Lowdale through the Waymark website and another one through the rural
network. I asked them specific questions before we ever got in a car.

Interviewer: What happened on the visits?

Sally Venn: The first visit to Lowdale was just me and the benefits manager, for a day. Then we
sent three of our assessors for three days each to sit with their assessors. That was the key
thing. Our staff came back and said, they don't do anything we couldn't do, they just do it in a
different order, and they trust each other to make decisions. The benefits manager at Lowdale
said to me, the procedure is the easy bit, the hard bit is getting people to stop checking each
other's work. You won't find that in their case study.

Interviewer: And the joint service with your neighbour?

Sally Venn: That came out of the visits too, in a roundabout way. Lowdale had invested in IT we
couldn't afford. Our neighbour had the same problem as us and a bit of spare capacity in their
benefits office. So we took Lowdale's way of working and put it into a shared service with the
neighbour. The members took some persuading, given the history. Brian Haddon was the one who
swung it in the end, after he'd been up to Lowdale himself. I don't think he'd mind me saying
that.

Interviewer: What makes the learning stick, in your experience?

Sally Venn: A few things. Somebody has to own it, and have the backing of somebody senior. We
now have a rule that anyone who goes on a visit writes two sides for the management team within
a fortnight, with three things we could do, and somebody is named against each one. And the
inspectors check up on us, to be honest. We're on a recovery plan, and the government monitoring
board wants to see evidence that we're learning from elsewhere. That keeps it on the agenda,
whether people like it or not.

Interviewer: Are there things you've tried that haven't worked?

Sally Venn: Oh yes. We took a waste collection rota from a council in the Midlands, exactly as
it was, because it looked so efficient on paper, and it was a disaster in the winter because
their routes don't have fells on them. We dropped it after three months. That was the year after
the inspection, when everyone was desperate to show progress. I think that taught us more than
the successes. You look at what makes something work there, and then you ask whether that is
true here.
""",
}

# --------------------------------------------------------------------------- Northbridge, 2006

DOCUMENTS["2006-11_northbridge_director-of-neighbourhoods_w3.docx"] = {
    "title": "Northbridge: Director of Neighbourhoods, wave 3 (2006)",
    "header": [
        "Waymark evaluation, case study interviews, wave 3 (revisited case, third interview)",
        (
            "Northbridge Metropolitan Borough Council (Waymark council; cluster lead, youth "
            "engagement, 2005-07)"
        ),
        "Interview with Dev Rao, Director of Neighbourhoods",
        "Held on 8 November 2006 at Northbridge Town Hall. Transcribed from tape.",
    ],
    "body": """
Interviewer: This is our third conversation. In 2001 you were running fourteen open days a year.
What does Waymark work look like for you now?

Dev Rao: Completely different. I don't think I've done an open day since 2004. Back then, in
that first year, it was a performance, basically. Coffee at ten, my forty-five minutes, the
minibus, the CCTV suite, lunch. I could do it in my sleep. People took notes on the structure
and went home and copied the structure. And half the people on the minibus were only there
because they had a service inspection coming up and wanted to be able to say they'd been to see
a Waymark council. Now most of my Waymark time is two things: the youth agreements cluster, and
mentoring.

Interviewer: Let's start with the cluster.

Dev Rao: The cluster was the first time we went into something as a Waymark council not knowing
the answer. I remember the first meeting in April 2005, we all turned up with our PowerPoints,
each council showing off its youth scheme. And Radleigh's youth service manager, who's very
blunt, said, none of this reaches the kids who are actually causing the trouble, does it? And
she was right. So we threw the PowerPoints away. We spent the summer with the youth workers and
a group of young people from the Hallam and from Radleigh's Beckside estate, and what came out
was the agreements. Nobody brought it to the table. It came out of the arguments.

Interviewer: Has it spread beyond the cluster?

Dev Rao: That's the bit that amazes me. We've had nine councils visit this year, and what they
want to see now isn't Northbridge's Street Watch, it's the agreements. And two of them went to
Radleigh rather than here, because Radleigh's version works better on a bigger estate. Radleigh
were a learner when we started, they were at the bottom of the pile. Now people go to them. And
we've taken a couple of things back from Radleigh's version, the way they train the young
chairs, which is better than ours.

Interviewer: And the mentoring?

Dev Rao: I've been an accredited peer since the first lot were trained in 2005. I've got two
councils at the moment. One's a community safety partnership that got a very poor inspection,
and I go down every month or so. It's not a visit. I spend a day with the manager and we go
through what's happening, what she's tried, what's stuck. A lot of it is helping her see what's
going on in her own partnership meetings. I sat in on one and the police superintendent never
said a word for two hours, and she hadn't noticed, because she'd never seen a meeting where the
police did talk. You can't put that in a report. After eighteen months I'm not really mentoring
her any more, we're working things out together.

Interviewer: Has national government's involvement changed?

Dev Rao: Yes. This year we had a civil servant from the Department for Community Safety on
secondment with us for three months, working in the neighbourhood team. She wrote half the youth
engagement chapter of the new guidance while she was here. In 2000 I'd never met anyone from the
department. Now I'm on their practitioner reference group. It goes both ways, too. She brought
us a lot of evidence from other countries that we'd never have found.

Interviewer: Does the performance regime still bear down on all this?

Dev Rao: More than ever. We've got the local area agreement now, with its stretch targets, on
top of the performance review, and every one of those targets is watched quarterly. My chief
executive backs the agreements, but he asks me every quarter whether they're going to move the
anti-social behaviour indicator. If the figures dipped I'd be under real pressure to pull back.
So you're collaborating with your neighbours on one hand and being ranked against them on the
other.

Interviewer: And the award itself. Does it still matter?

Dev Rao: Less than it did, to me. What matters is the network. But I'm not naive. Having been a
Waymark council twice opened every one of these doors: the cluster money, the department, the
peer work. The councils that never had it don't get asked. I did tell the panel that, last year.
""",
}

# --------------------------------------------------------------------------- added

DOCUMENTS["2001-04_lowdale_assistant-director-revenues_w1.docx"] = {
    "title": "Lowdale: Assistant Director, Revenues and Benefits, wave 1 (2001)",
    "header": [
        "Waymark evaluation, case study interviews, wave 1",
        "Lowdale Borough Council (learner council; applicant in round two)",
        "Interview with Martin Greaves, Assistant Director, Revenues and Benefits",
        "Held on 24 April 2001 at Lowdale Town Hall. Transcribed from tape.",
    ],
    "body": """
Interviewer: How has Lowdale used the Waymark scheme so far?

Martin Greaves: Mostly by going to things. I think we've had someone at every regional event since
the first round, and I went to the national conference at Harrogate last year myself. You sit
through six presentations in a morning, each council with its figures on the screen, and you come
away with a bag of leaflets and a CD. It's a trade fair, really. Everybody's selling and nobody's
buying, because nobody's sure what they'd be buying.

Interviewer: Did anything you saw make its way back into Lowdale's services?

Martin Greaves: One thing, very directly. Selworth's customer access toolkit came out in the summer
of 2000 and we used their telephone scripts for our benefits enquiry line, more or less word for
word, with our logo on the top. It seemed the obvious thing. They'd won the award, the scripts were
written, and we had a best value review of the enquiry line coming up and nothing to show. It didn't
go well. The scripts assume the adviser can see the whole of the customer's record, council tax and
benefits together, and ours can't; our systems don't talk to each other. So the advisers were
reading out questions they couldn't act on. Customers noticed, and staff hated it. We've quietly
gone back to our own scripts since February.

Interviewer: Looking back, what would you have needed to make it work?

Martin Greaves: Somebody who understood both their system and ours, before we started, and could
have told us what wouldn't carry across. And time. We had one officer on it, half time, for six
weeks, and she was also covering two vacancies. Nobody reported back on the conferences either.
People went, filed the folder, and that was the end of it. I think what makes Selworth work is the
way their advisers are allowed to use their judgement. You don't get that from a script. You'd have
to go and sit with them.

Interviewer: You applied for an award yourselves in round two.

Martin Greaves: We did, for the benefits theme, and we didn't get it. We were told the application
was strong on performance and weak on evidence of sharing. Between you and me, I think the councils
that win are the ones with a policy unit that can write a bid, which we haven't got. And there's an
awkwardness about it. We went to a benefits event run by the council that beat us, and our people
were sitting there listening to them explain something we've been doing for longer. You don't want
to give everything away when you're going to be applying against the same people next year.

Interviewer: How does the inspection regime bear on any of this?

Martin Greaves: Heavily. We had the benefit fraud inspectorate in last November and they were
complimentary about processing times but critical of how we handle enquiries, which is partly why
the scripts were such a sore point. And the best value performance indicators are published now, so
every quarter the local paper prints where we are in the table. Members look at the table first and
the services second, if at all. So there's a pressure to be seen to look at the best performers,
which the Waymark scheme is handy for, and a pressure not to look as if you're behind, which it
isn't.

Interviewer: Have you had any contact with award holders other than through events?

Martin Greaves: I went to one of Selworth's open days last October, with about forty others. It was
very professional. You were shown round in a crocodile. If you asked an adviser a question, someone
from their management team answered it. I did ring their benefits manager afterwards about the
systems question, and he was helpful, but he said honestly that he'd had thirty calls like mine and
couldn't do much more than send the toolkit again.

Interviewer: What would make the scheme more useful to Lowdale?

Martin Greaves: Smaller. Let two of my advisers sit with two of theirs for a week. And let us choose
who we go to. The councils that win are mostly big cities. I'd rather go to a borough like us that's
a year ahead than to Selworth, which is ten years ahead and has ten times the money. There's a
benefits managers' group in the region that meets every quarter, and honestly I learn more there
over a sandwich than I've learned from Waymark.

Interviewer: Is there any sense of the scheme changing?

Martin Greaves: There's talk of it. The Exchange sent round a questionnaire in March about what
people want from learning events, and I filled it in at some length. I'll believe it when I see it.
The award is the thing the Minister likes, and the award is about the winners, not about us.
""",
}


DOCUMENTS["2006-09_lowdale_assistant-director-revenues_w3.docx"] = {
    "title": "Lowdale: Assistant Director, Revenues and Benefits, wave 3 (2006)",
    "header": [
        "Waymark evaluation, case study interviews, wave 3 (revisited case)",
        (
            "Lowdale Borough Council (Waymark council, benefits, round four; lead of the "
            "shared revenues partnership from 2005)"
        ),
        "Interview with Martin Greaves, Assistant Director, Revenues and Benefits",
        "Held on 26 September 2006 at Lowdale Town Hall. Transcribed from tape.",
    ],
    "body": """
Interviewer: When we spoke in 2001 you called the Waymark conferences a trade fair. Lowdale has
since held the award. How did that come about?

Martin Greaves: The benefit fraud inspectorate came back in 2001 and said we'd improved a lot, and
that gave us the confidence to apply again. We got it in round four, at the second attempt. I'm told
the panel liked that we'd failed once and said so. I refused to do a conference. I'd sat through too
many. We did placements and exchanges, and one regional workshop because the Unit insisted.

Interviewer: What did hosting teach Lowdale?

Martin Greaves: The most useful thing was Kestermoor's visiting officers. Their assessors came for
three days in 2003 and mentioned them in passing, and we'd never thought of going out to people.
We've adapted it for the town: our visiting officer goes to the sheltered housing schemes and the
job centre, not the farms. And having to explain how our assessors decide things made us write some
of it down for the first time. Not all of it. Some of it you can't.

Interviewer: One of your former managers is now a Waymark Associate.

Martin Greaves: Janet Orme, who ran our benefits team. She spent a year with Kestermoor after they
were rated weak. She says the main thing she did was sit with their managers and talk through the
backlog every fortnight, which sounds like nothing but made all the difference. She was very strict
with herself about not turning Kestermoor into Lowdale. What they've ended up with is their own. Now
she's working with a council in the north west, and two of my team leaders are going through
accreditation.

Interviewer: Tell me about the shared revenues partnership.

Martin Greaves: That's the thing I'm proudest of. Three councils, us and two neighbours, running one
revenues and benefits service, designed together from scratch. It isn't anyone's model. We each
brought what we were good at and spent a year arguing about the rest. We asked claimants' groups and
the advice agencies to help design the front end, which no revenues service I know of had done. They
told us our letters were unreadable, and they were right. Bits of it come from places we've visited,
Kestermoor's visiting officers, Selworth's first-contact approach, but the whole is new.

Interviewer: Was it hard to share with councils you'd competed with?

Martin Greaves: Very. Two years ago we were all watching each other's processing times in the
regional table. What changed it was a year of working together in the cluster on the design. You
can't keep score with people you're building something with.

Interviewer: How does the performance regime treat the partnership?

Martin Greaves: Awkwardly. The indicators are still council by council, so we have to split our
figures three ways to report them, which is absurd. The harder test in 2005 gave us credit for the
partnership, which helped with members. But the first six months of the partnership, our processing
time went up, and I had the chief executive in my office every week. If the inspectors had come
then, we'd have been marked down. The regime wants you to innovate and it punishes you for the dip
that comes with it. Everybody knows that. Nobody's fixed it.

Interviewer: Has any of this reached national government?

Martin Greaves: The Office of Local Governance has held the partnership up as an example in its
paper on shared services, and asked us to talk to their working group. And their link officer has
been useful the other way, warning us about changes to the grant before they were announced.

Interviewer: Looking back, how would you describe Lowdale's path through the scheme?

Martin Greaves: We started by copying Selworth's scripts, which failed. Then we learned by swapping
staff with councils like us and changing what we saw to suit. Now we're making things with our
neighbours that none of us had. I wouldn't have believed that in 2001.
""",
}


def add_paragraph(doc: Any, text: str) -> None:
    """A paragraph; a leading "Label:" becomes a bold run."""
    paragraph = doc.add_paragraph()
    match = LABEL.match(text)
    if match:
        label = match.group("label") + ":"
        paragraph.add_run(label).bold = True
        paragraph.add_run(text[len(label) :])
    else:
        paragraph.add_run(text)


def build(name: str, spec: dict[str, object]) -> Path:
    """Write one document; paragraphs are the blank-line separated blocks of its body."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    doc.core_properties.title = str(spec["title"])
    doc.core_properties.author = "Waymark evaluation team"
    header = [str(line) for line in spec["header"]]  # type: ignore[attr-defined]
    doc.add_heading(header[0], level=1)
    for line in header[1:]:
        doc.add_paragraph(line)
    for block in str(spec["body"]).strip().split("\n\n"):
        add_paragraph(doc, " ".join(block.split()))
    path = OUT / name
    doc.save(str(path))
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in DOCUMENTS.items():
        sys.stdout.write(f"{build(name, spec).relative_to(HERE)}\n")


if __name__ == "__main__":
    main()
