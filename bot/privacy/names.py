"""Word lists for :mod:`bot.privacy`: common first names and words that are never names.

``FIRST_NAMES`` (lower case) lets the redactor find names typed in lower case after a cue
("mein sohn ahmed") and, when capitalised, names without any cue ("Ahmed hat gesagt").
It covers frequent names in NRW families (German, Turkish, Arabic, Kurdish, Persian,
Balkan, Polish, Russian). ``NOT_STANDALONE`` are names that are also German words, brand
or religious names ("Will", "Mohammed" as the Prophet): redacted only after a cue.
``NOT_NAMES`` are capitalised words that may follow a cue but are no names
("Mein Sohn Ist ...", "mein Kollege Herr ...", "ich bin die Mutter").
"""

from __future__ import annotations

_FIRST_NAMES = """
aaron abdul abdullah abdulrahman abel adam adem adrian ahmad ahmed ahmet aisha alexander alexandra
ali alina aliyah amal amin amina amir amira ana andre andrea andreas andrej angelika anja anna
anne annika anton arda arne aron aylin ayse ayşe aysel baran ben benedikt benjamin berat berkay
bernd bilal birgit björn burak can carina carla carlos carolin celina cem chiara christian
christina christoph claudia daniel daniela david deniz dennis derya dieter dilara dirk dominik
doğan dogan ebru eda efe elias elif elena elisa ella emil emilia emily emin emine emir emma emre
enes erik esra eva ewa fabian fadime fatih fatima fatma felix finn florian frank franziska
gabriele gisela greta hakan halil hamid hamza hanna hannah hans harun hasan hassan heike helga
helmut hüseyin huseyin ibrahim ilias ilyas ina ines ingrid irina isabel jakob jan jana janina
jannik jasmin jens jessica jonas jonathan josef joshua julia julian jürgen jurgen justin kai
karim karin karl katharina kathrin kemal kerem kevin khaled klaus kübra kubra laila lara lars
laura lea leah lena leni leon leonie lina linda lisa louis luca lucas luis luisa lukas luka
maja malik manfred manuel marcel marco marcus maria marie mariam marina mario mark markus martin
marvin mats matthias max maxim maximilian mehmet melanie melek melina melissa merve mia michael
michelle mila mina mirco mohamed mohammad mohammed monika moritz muhammad muhammed murat musa
mustafa nadine nadja natalie nico nicole niklas nils nina noah noel nour nora olga oliver omar
ömer omer oskar osman patrick paul paula peter petra philipp rabia rainer ralf rami rania rashid
rebecca robert robin ronja ruth sabine sabrina samir samira samuel sandra sara sarah sascha
sebastian selin selina serkan sevgi simon sofia sophia sophie stefan stefanie steffen susanne
sven tarek tariq thomas tim timo tobias tom torsten tuğba tugba uwe valentin vanessa viktor
wolfgang yasin yasemin yusuf yunus zehra zeynep jonah emine ilkay orhan volkan ismail idris
bekir cengiz hatice gül gul sibel songül nesrin leyla layla mahmoud mahmud yasmin dana nadia
ivan dmitri sergej natascha svetlana tatjana katarzyna piotr tomasz agnieszka marek dragan
milan amela emina edin armin adnan haris alen arben besart blerim liridon shqipe afrim
kurt günter gunter heinz ursula renate brigitte dennis mario kim luna lotta ida clara frieda
marlene jule jonte matteo henry theo paulina malte bastian kristina anastasia daria sofie mehdi
reza ali-reza dariush parisa shirin navid kian farid walid said yassin anas hadi jamal
kamal nabil omar rayan riad salah younes zakaria aya hiba rim salma yara meryem nurcan gizem
"""
FIRST_NAMES = frozenset(_FIRST_NAMES.split())

_NOT_STANDALONE = """
    mark max will can ina nur eva adam maria musa isa ibrahim yusuf muhammad muhammed
    mohammed mohamed mohammad ahmad jesus moses said kim luna ida dana mina rim hadi aya
    salah jan emil paul frank ruth karl kurt hans malik yasin yunus idris harun aisha
    fatima amin meryem mariam noah ismail ilyas ilias yakub dawud suleiman
"""
NOT_STANDALONE = frozenset(_NOT_STANDALONE.split())

_NOT_NAMES = """
    ist hat war wird geht kommt will kann soll muss sagt redet macht trägt traegt betet hört
    hoert spricht lebt wohnt arbeitet liest schreibt chattet trifft fastet schaut spielt glaubt
    denkt findet meint möchte moechte darf hatte wurde wollte sollte ging kam sieht zeigt postet
    und oder aber weil dass denn sondern wenn als ob auch noch schon jetzt seit immer nie gerade
    sehr total plötzlich ploetzlich neuerdings ständig staendig oft früher frueher heute gestern
    morgen in im am an auf aus bei mit nach von vom zu zur zum für fuer über ueber unter ohne
    der die das den dem des ein eine einen einem einer er sie es ich du wir ihr mich mir sich
    herr herrn frau dr prof doktor mutter vater mama papa eltern lehrer lehrerin schüler
    schülerin sohn tochter bruder schwester kind familie muslim muslima moslem moslime
    salafist salafistin islamist islamistin konvertit konvertitin christ christin deutscher
    türke araber allah gott islam koran prophet propheten imam hodscha jugendamt polizei schule
    nicht nichts kein keine keinen etwas alles hallo danke bitte ja nein okay ok guten tag
    seine seinen seiner ihre ihren ihrer mein meine meinen meiner unser unsere
    meinung ansicht überzeugung einzige erste letzte beste neue alte ganz ganze sozialarbeiter
    sozialarbeiterin betreuer betreuerin trainer trainerin ministerin minister himmel ehre fam
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())
