using System.Text.RegularExpressions;

namespace Moderation.Scoring;

public sealed record AbusePattern(string Name, LexiconCategory Category, string Triggers, Regex Regex);

// Start and End index the original text; FirstToken is the normalized token the match starts in.
public readonly record struct PatternHit(AbusePattern Pattern, int Start, int End, int FirstToken);

// Phrase patterns over normalized text for abuse that no word list catches: threats, group
// hate tropes and sexual insults aimed at someone's family. They serve twice: as labeling
// functions for labels our data lacks (threat, severe_toxic), and as the rule layer at scoring time.
public static class AbusePatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private const string Groups = "jews muslims blacks negroes gays immigrants mexicans arabs whites women africans asians chinese indians refugees migrants homosexuals lesbians christians hindus";
    private static readonly string GroupAlternation = Groups.Replace(' ', '|');
    private const string Dehumanizing = @"(all |just |nothing but )?(animals|vermin|rats|parasites|subhuman|savages|apes|monkeys|cockroaches|a disease|a cancer|inferior|filth|scum|pigs|dogs)\b";

    public static readonly AbusePattern[] All =
    [
        new("threat: I will kill you", LexiconCategory.Threat, "kill murder shoot stab hang behead slaughter rape strangle choke hunt beat burn bury gut skin cut",
            new Regex(@"\b(i ll|ill|i will|i m going to|im going to|i am going to|i m gonna|im gonna|gonna|we will|we ll|we are going to) (\w+ )?(kill|murder|shoot|stab|hang|behead|slaughter|rape|strangle|choke|hunt down|beat|burn|bury|gut|skin|cut) (you|u|him|her|them|ya|your|y all|all of you)\b", Options)),
        new("threat: should be shot", LexiconCategory.Threat, "shot hanged hung killed executed lynched gassed burned beheaded murdered raped exterminated slaughtered down strung",
            new Regex(@"\b(should|must|ought to|needs? to|deserves? to|ought) (all )?(be|get) (shot|hanged|hung|killed|executed|lynched|gassed|burned|beheaded|murdered|raped|exterminated|slaughtered|put down|strung up)\b", Options)),
        new("threat: hope you die", LexiconCategory.Threat, "die dies raped cancer burn rot choke",
            new Regex(@"\b(hope|wish|pray) (you|u|he|she|they|ya) (die|dies|get raped|gets raped|get cancer|burn|rot|choke)\b", Options)),
        new("threat: kill yourself", LexiconCategory.Threat, "yourself urself yourselves self kys",
            new Regex(@"\b(go )?(kill|hang) (yourself|urself|yourselves|ya self)\b|\bkys\b", Options)),
        new("threat: deserves to die", LexiconCategory.Threat, "die live",
            new Regex(@"\b(deserves?|deserve) to die\b|\byou (will|ll|are going to|re going to|are gonna) die\b|\bi know where you live\b", Options)),
        new("threat: kill a group", LexiconCategory.Threat, Groups,
            new Regex(@"\b(kill|shoot|hang|gas|exterminate|deport|lynch) (all )?(the |those |these )?(" + GroupAlternation + @")\b", Options)),
        new("hate: conspiracy trope", LexiconCategory.Slur, "jews jewish zionists zionist",
            new Regex(@"\b(jews|jewish \w+|zionists|zionist \w+) (that |who )?(control|controls|run|runs|own|owns|rule|rules)\b", Options)),
        new("hate: dehumanizing a group", LexiconCategory.Slur, Groups,
            new Regex(@"\b(" + GroupAlternation + @") are " + Dehumanizing, Options)),
        // No group is named, so this is an insult, not identity hate.
        new("insult: you people are vermin", LexiconCategory.Insult, "people",
            new Regex(@"\b(you|these|those) people are " + Dehumanizing, Options)),
        new("hate: insulting a race", LexiconCategory.Slur, "stupid dumb idiots retarded ugly lazy worthless trash",
            new Regex(@"\b(white|black|asian|jewish|muslim|gay|mexican|arab) (guys|people|men|women|folks|boys|girls) (are|came|come|is) (so |all |just )?(stupid|dumb|idiots|retarded|ugly|lazy|worthless|trash)\b", Options)),
        new("insult: family as prostitutes", LexiconCategory.Insult, "whore whores slut sluts prostitute prostitutes hooker hookers slave slaves",
            new Regex(@"\b(your|their|his|ur|yo) (\w+ )?(mothers?|moms?|mums?|sisters?|wife|wives|daughters?|widows?|women|girlfriends?)( and (\w+ )?(mothers?|moms?|sisters?|wife|wives|daughters?|widows?))? (is|are|as|will be|become|was) (a |the |just |nothing but )?(whores?|sluts?|prostitutes?|hookers?|sex slaves?)\b", Options)),
    ];

    // Each pattern runs only when one of its trigger words is present, so most texts run none.
    private static readonly Dictionary<string, int> TriggerMasks = BuildTriggerMasks();
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> TriggerLookup = TriggerMasks.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly WordFilter Triggers = new(TriggerMasks.Keys);

    private static Dictionary<string, int> BuildTriggerMasks()
    {
        var masks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var p = 0; p < All.Length; p++)
        {
            foreach (var word in All[p].Triggers.Split(' '))
                masks[word] = masks.GetValueOrDefault(word) | 1 << p;
        }
        return masks;
    }

    // hashes holds WordFilter.Hash of each token.
    public static void Match(NormalizedText text, ReadOnlySpan<uint> hashes, List<PatternHit> hits)
    {
        hits.Clear();
        var mask = 0;
        for (var t = 0; t < text.TokenCount; t++)
        {
            if (Triggers.MayContain(hashes[t]) && TriggerLookup.TryGetValue(text.Text(text.Tokens[t]), out var m))
                mask |= m;
        }
        if (mask == 0)
            return;
        var chars = text.Chars.AsSpan(0, text.Length);
        for (var p = 0; p < All.Length; p++)
        {
            if ((mask & 1 << p) == 0)
                continue;
            var pattern = All[p];
            foreach (var m in pattern.Regex.EnumerateMatches(chars))
            {
                if (m.Length > 0)
                    hits.Add(new PatternHit(pattern, text.Starts[m.Index], text.Ends[m.Index + m.Length - 1], text.TokenAt(m.Index)));
            }
        }
    }
}
