"""Why the company said no, as far as a thank-you note must know it (pure).

A rejection is usually a verdict on the candidate ("we have decided to move forward with another
candidate"), and the thank-you after an interview then asks for a line of feedback. Sometimes the no is
about the role itself: it was put on hold, cancelled or closed, its budget was cut, hiring was frozen,
the team was reorganised. Asking "what could I have done better?" then misreads the email; the note
thanks, says the user understands, and asks to hear if the role opens again.

:func:`role_closed` tells the second kind in the seven languages Onward writes. It is deliberately
narrow: a role-level phrase must be there, and any word of a choice between candidates ("another
candidate", "filled", "andere Bewerber", "autre candidat"...) makes the email a verdict again. A miss
leaves the usual note, which asks for feedback; nothing else depends on it.
"""

from __future__ import annotations

import re

_S = r"[^.!?\n]{0,40}"  # the rest of the same sentence, briefly

# The role itself is gone or waiting: on hold, paused, cancelled, closed, unfunded, reorganised away.
_ROLE_GONE = re.compile("|".join((
    # English
    r"\bon hold\b",
    r"\b(?:hiring|recruitment|recruiting|headcount) freeze\b",
    r"\bfr(?:eeze|oze|ozen|eezing)\b" + _S + r"\b(?:hiring|recruitment|recruiting|headcount|role|position)\b",
    r"\b(?:paus|suspend|halt)(?:e|es|ed|ing)?\b" + _S + r"\b(?:hiring|recruitment|recruiting|search|role|position"
    r"|vacancy|opening|process)\b",
    r"\b(?:role|position|vacancy|opening|requisition|job)\b" + _S + r"\b(?:has been|have been|was|is being|is|been)"
    r" (?:cancell?ed|withdrawn|eliminated|paused|frozen|suspended|put on hold)\b",
    r"\bbudget(?:ary)? (?:cuts?|constraints?|reasons|restrictions?|changes|freeze)\b",
    r"\b(?:cut|lost|reduced|withdrew|withdrawn)\b[^.!?\n]{0,20}\b(?:budget|funding)\b",
    r"\bfunding\b" + _S + r"\b(?:cut|lost|withdrawn|fell through|not been approved|was not approved)\b",
    r"\b(?:restructur|reorganis|reorganiz)\w*",
    r"\bdecided not to (?:fill|open|proceed with) (?:the|this) (?:role|position|vacancy|opening|hire|hiring)\b",
    r"\bno longer (?:hiring|recruiting) for\b",
    r"\bnot (?:be )?(?:filling|hiring for) (?:the|this) (?:role|position|vacancy)\b|\bnot to hire for\b",
    # German
    r"\bauf eis\b",
    r"\beinstellungs(?:stopp|stop|pause)\b",
    r"\b(?:stelle|position|ausschreibung|vakanz|besetzung|rekrutierung|auswahlverfahren)\b" + _S
    + r"\b(?:gestrichen|storniert|zurückgezogen|eingefroren|pausiert|ausgesetzt|entfallen|entfällt|abgebrochen)\b",
    r"\bnicht (?:mehr |neu |wieder )?(?:zu )?(?:nach)?besetz\w*",
    r"\b(?:budgetär\w*|budget\w*kürzung\w*|budgetgründen|haushaltsgründen|budgetgrün\w*)",
    r"\baus budget\w* gründen\b",
    r"\b(?:umstrukturierung|reorganisation|neuausrichtung)\b",
    # French
    r"\bsuspendu",
    r"\b(?:mis|mise) en (?:pause|suspens|veille)\b",
    r"\bgel des (?:recrutements|embauches)\b",
    r"\b(?:poste|recrutement|offre|processus)\b" + _S + r"\b(?:supprimée?s?|annulée?s?|gelée?s?|retirée?s?)\b",
    r"\bne (?:sera|seront|sera plus) pas pourvue?s?\b",
    r"\braisons? budgétaires?\b|\bbudget\b" + _S + r"\b(?:réduit|supprimé|gelé|coupé)\b",
    r"\b(?:réorganisation|restructuration)\b",
    # Spanish
    r"\ben pausa\b|\bpausad[oa]\b|\bsuspendid[oa]\b|\bcongelad[oa]\b|\bcongelación\b",
    r"\b(?:puesto|vacante|posición|proceso)\b" + _S + r"\b(?:cancelad[oa]|anulad[oa]|eliminad[oa])\b",
    r"\bpresupuest(?:o|aria|ario|arias|arios)\b",
    r"\b(?:reestructuración|reorganización)\b",
    r"\bno se (?:cubrirá|va a cubrir)\b",
    # Italian
    r"\bsospes[oa]\b|\bin pausa\b|\bcongelat[oa]\b|\bblocco delle assunzioni\b",
    r"\b(?:posizione|ruolo|selezione|ricerca)\b" + _S + r"\b(?:annullat[oa]|cancellat[oa])\b",
    r"\b(?:motivi|ragioni|tagli) di budget\b|\btagli(?:o)? (?:al|del) budget\b",
    r"\b(?:riorganizzazione|ristrutturazione)\b",
    # Dutch
    r"\bgepauzeerd\b|\bstopgezet\b|\bvacaturestop\b|\bpersoneelsstop\b|\bbevroren\b",
    r"\b(?:vacature|functie|positie)\b" + _S + r"\b(?:ingetrokken|geschrapt|vervallen|komt te vervallen)\b",
    r"\bbezuinig\w*|\bbudgettaire redenen\b|\bbudget\w* (?:is |werd )?(?:gekort|geschrapt)\b",
    r"\breorganisatie\b",
    r"\bniet (?:meer )?(?:in te vullen|invullen)\b",
    # Portuguese
    r"\bsuspens[oa]\b|\bem pausa\b|\bcongelad[oa]\b|\bcongelamento\b",
    r"\b(?:vaga|posição|processo)\b" + _S + r"\b(?:cancelad[oa]|anulad[oa])\b",
    r"\borçament(?:o|al|ais|ária|árias)\b",
    r"\b(?:reestruturação|reorganização)\b",
    r"\bnão será preenchid[oa]\b",
)), re.IGNORECASE)

# A choice between candidates: the no is a verdict on the candidate after all.
_CHOICE = re.compile("|".join((
    r"\banother (?:candidate|applicant|person)\b|\bother (?:candidates|applicants)\b|\bsomeone else\b",
    r"\bcandidates? (?:whose|who)\b|\bmore closely\b|\bbetter (?:match|fit|suited)\b|\bstronger\b",
    r"\b(?:filled|hired|appointed)\b|\b(?:selected|chosen|offered the (?:role|position) to) (?:a|an|another|someone)\b",
    r"\bmove forward with (?:a|an|another|other)\b|\binternal candidate\b",
    r"\bandere[nr]? (?:bewerb|kandidat)\w*|\bfür (?:eine[nr]?|einen) (?:anderen|andere)\b|\bbesetzt haben\b",
    r"\bbereits besetzt\b|\bwurde besetzt\b",
    r"\bautres? candidat\w*|\bprofils? (?:plus|correspondant)\b|\bretenu (?:un|une|le|la)\b",
    r"\b(?:a|ont) été pourvue?s?\b|\best (?:déjà |désormais )?pourvue?\b",
    r"\botr[oa]s? candidat\w*|\bcubiert[oa]\b|\bse ajust\w* mejor\b",
    r"\baltr[oaie] candidat\w*|\bprofilo più\b|\bindividuato\b",
    r"\bandere kandida\w*|\bkandidaat gekozen\b|\bbeter aansl\w*|\bingevuld\b",
    r"\boutr[oa]s? candidat\w*|\bfoi preenchid[oa]\b|\bjá (?:foi )?preenchid[oa]\b|\bperfil mais\b",
)), re.IGNORECASE)


def role_closed(text: str) -> bool:
    """Whether a rejection's words say the role itself was put on hold, cancelled, unfunded or
    reorganised away, with no word of another candidate chosen. ``text``: the company's own words
    (subject and body, quotes left out)."""
    return bool(_ROLE_GONE.search(text)) and not _CHOICE.search(text)
