"""What each statistic of the agreement report is, in words, for its Definitions section.

Kept apart from the report's layout so that the wording can be read (and corrected) in one
place: a reviewer checks these against the methods section of a paper.
"""

from __future__ import annotations

STATISTICS = (
    (
        "Percent agreement",
        "pairwise: for each unit, the share of coder pairs that agree, averaged over units "
        "(not chance-corrected).",
    ),
    (
        "κ",
        "Cohen's kappa with two coders (chance agreement from each coder's own marginals), "
        "Conger's kappa with more (the average of Cohen's pairwise chance agreements). Scott's "
        "pi and Fleiss' kappa (chance from the pooled marginals) are in the CSV and JSON.",
    ),
    (
        "Krippendorff's α",
        "nominal; 1 − observed / expected disagreement over pairable values. Its interval "
        "resamples documents (or units) and recomputes α; see 'Intervals'.",
    ),
    (
        "Gwet's AC1",
        "chance agreement that does not collapse when a code is rare (the kappa paradox).",
    ),
    ("Brennan-Prediger κ", "chance agreement fixed at one half (two categories); in the CSV."),
    (
        "Holsti",
        "Holsti's CR = 2M / (N1 + N2) on segments: M segments of the coders that overlap "
        "(matched one to one), N1 and N2 each coder's segments with the code. The figure "
        "ATLAS.ti reports; not chance-corrected.",
    ),
    (
        "|u-α",
        "Krippendorff's (2016) binary unitized alpha for the code on the character "
        "continuum, all compared documents laid end to end: it judges the segments' "
        "boundaries, not the units. Its interval resamples documents.",
    ),
    (
        "u-α (1995/2004)",
        "Krippendorff's classic unitizing alpha (1995; 2004 textbook), per code on the same "
        "continuum, each document keeping its own gaps, in the CSV and JSON: the form older "
        "papers report; it differs from |u-α. Its interval resamples documents.",
    ),
    (
        "mv-α",
        "Krippendorff and Craggs' (2016) multi-valued alpha per domain (a top-level code and "
        "its children) and over all codes: a coder's rating of a unit is the set of codes "
        "applied to it. Its interval resamples documents.",
    ),
    (
        "Band",
        "Krippendorff's conventions for α: ≥ .800 reliable, ≥ .667 tentative, else unreliable.",
    ),
    (
        "Intervals",
        "95%. Units are sentences of a few documents, coded in sittings, so every interval is "
        "computed across documents: κ, AC1 and percent agreement from Gwet's (2014) "
        "linearised variance clustered by document with t(documents − 1); α from the "
        "percentile bootstrap that redraws whole documents. Hayes and Krippendorff's (2007) "
        "KALPHA bootstrap (resampling pairs of values) gives narrower intervals that do not "
        "hold their 95% (see README); 'workbench agree --bootstrap-method krippendorff' "
        "reproduces it.",
    ),
)
