namespace Moderation.Scoring;

// Words naming a group of people by religion, ethnicity, sexuality, gender or origin. Saying
// them is not abuse, yet every source uses them mostly in abuse (65% of training rows saying
// "gay" are toxic, against 25% overall), so a model that weighs each word learns the words as
// abuse. The featurizer therefore gives the words of one kind a shared feature, and the model has
// to find the abuse in what is said about the group.
public static class IdentityTerms
{
    // Adjectives, which also describe a person ("a gay teacher").
    public static readonly string[] Adjectives =
    [
        "gay", "lesbian", "bisexual", "transgender", "trans", "queer", "homosexual", "muslim", "jewish", "christian", "catholic", "hindu",
        "buddhist", "sikh", "atheist", "black", "white", "asian", "latino", "hispanic", "mexican", "african", "arab", "chinese", "indian",
        "immigrant", "refugee", "disabled", "feminist", "palestinian", "israeli", "female", "male",
    ];

    public static readonly string[] Plurals =
    [
        "gays", "lesbians", "homosexuals", "muslims", "jews", "christians", "catholics", "hindus", "blacks", "whites", "asians",
        "latinos", "hispanics", "mexicans", "africans", "arabs", "indians", "immigrants", "refugees", "feminists", "women", "men",
    ];

    private static readonly string[][] Kinds =
    [
        ["gay", "lesbian", "bisexual", "transgender", "trans", "queer", "homosexual", "gays", "lesbians", "homosexuals"],
        ["muslim", "jewish", "christian", "catholic", "hindu", "buddhist", "sikh", "atheist", "muslims", "jews", "jew", "christians", "catholics", "hindus"],
        ["black", "white", "asian", "latino", "hispanic", "mexican", "african", "arab", "chinese", "indian", "palestinian", "israeli",
         "blacks", "whites", "asians", "latinos", "hispanics", "mexicans", "africans", "arabs", "indians"],
        ["immigrant", "refugee", "immigrants", "refugees"],
        ["female", "male", "feminist", "feminists", "women", "men", "woman"],
        ["disabled"],
    ];

    private static readonly Dictionary<string, int> KindOf = Kinds.SelectMany((words, kind) => words.Select(w => (w, kind))).ToDictionary(p => p.w, p => p.kind);
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup = KindOf.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly WordFilter Filter = new(KindOf.Keys);

    // Which kind of identity the word names (0 to 5: sexuality, religion, ethnicity, migration,
    // gender, disability), or -1; hash is WordFilter.Hash(word).
    public static int Kind(ReadOnlySpan<char> word, uint hash) => Filter.MayContain(hash) && Lookup.TryGetValue(word, out var kind) ? kind : -1;
}
