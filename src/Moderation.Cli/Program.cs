using Moderation.Cli;

if (args.Length == 0)
{
    Console.Error.WriteLine($"""
        usage: moderation <command> [options]
          prepare  --out FILE [--data-dir DIR] [--lexicon-out FILE]
          train    --data FILE [--data FILE ...] --out models/NAME.model [--lexicon FILE] [--hash-bits N]
          evaluate --model FILE --data FILE [--holdout] [--by-source] [--no-rules]
          score    --model FILE --jsonl IN | score [--model FILE] "some text"
        {KeysCommand.Usage}
        """);
    return 2;
}
if (args[0] == "keys")
    return await KeysCommand.RunAsync(args[1..]);
var options = new Arguments(args[1..]);
try
{
    return args[0] switch
    {
        "prepare" => Commands.Prepare(options),
        "train" => Commands.Train(options),
        "evaluate" => Commands.Evaluate(options),
        "score" => Commands.Score(options),
        _ => throw new ArgumentException($"unknown command {args[0]}"),
    };
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
