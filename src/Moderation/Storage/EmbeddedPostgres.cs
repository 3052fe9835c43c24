using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Moderation.Storage;

/// A private PostgreSQL cluster run from the machine's own binaries, for when no connection string is configured.
/// PostgreSQL refuses to run as root, so as root every server command runs as the postgres user, and the data
/// folder must be one that user can reach.
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    const string OwnerFile = "moderation.owner";
    const string PasswordFile = "moderation.password";

    readonly string binDirectory;
    readonly ILogger logger;
    readonly bool owned;
    readonly bool deleteOnStop;

    EmbeddedPostgres(string dataDirectory, string binDirectory, int port, bool owned, bool deleteOnStop, ILogger logger)
    {
        DataDirectory = dataDirectory;
        this.binDirectory = binDirectory;
        this.owned = owned;
        this.deleteOnStop = deleteOnStop;
        this.logger = logger;
        var password = Path.Combine(dataDirectory, PasswordFile);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres"
            + (File.Exists(password) ? $";Password={File.ReadAllText(password).Trim()}" : "");
    }

    public string DataDirectory { get; }

    public string ConnectionString { get; }

    static bool IsRoot => Environment.UserName == "root";

    /// Starts the cluster in dataDirectory, creating it on first use. If a server from an earlier run is still up
    /// there, it is reused: while the process that started it lives, as a guest that leaves it running at the end.
    /// A throwaway cluster (tests) is deleted when stopped and trades durability for speed.
    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, ILogger logger, bool throwaway = false, string? binDirectory = null,
        bool create = true, CancellationToken ct = default)
    {
        binDirectory ??= FindBinDirectory();
        dataDirectory = Path.GetFullPath(dataDirectory);
        if (IsRoot && !await PostgresUserCanReachAsync(dataDirectory, ct))
        {
            var fallback = Path.Combine(Path.GetTempPath(), "moderation-postgres", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..16]);
            logger.LogWarning("The postgres user cannot reach {DataDirectory}; keeping the database in {Fallback} instead", dataDirectory, fallback);
            dataDirectory = fallback;
        }

        // Two processes starting on one folder at once (a host and the keys command, say) take turns here.
        Directory.CreateDirectory(Path.GetDirectoryName(dataDirectory)!);
        await using var startLock = await LockAsync(dataDirectory + ".lock", ct);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            if (!create)
                throw new InvalidOperationException($"There is no database in {dataDirectory}: start the host once first, or name the folder it uses.");
            await InitAsync(dataDirectory, binDirectory, logger, ct);
        }

        var running = await TryReadRunningPortAsync(dataDirectory, binDirectory, ct);
        if (running is int port)
        {
            var ownerAlive = OwnerIsAlive(dataDirectory);
            logger.LogInformation("Reusing the PostgreSQL server already running on port {Port} ({Role})", port, ownerAlive ? "guest" : "taking it over");
            if (!ownerAlive)
                await File.WriteAllTextAsync(Path.Combine(dataDirectory, OwnerFile), Environment.ProcessId.ToString(), ct);
            return new EmbeddedPostgres(dataDirectory, binDirectory, port, owned: !ownerAlive, throwaway, logger);
        }

        port = FreeLoopbackPort();
        var settings = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200";
        if (throwaway)
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        // -l gives the server a log of its own, so it holds none of the pipes this process reads pg_ctl through.
        await RunAsync(binDirectory, "pg_ctl", ["start", "-w", "-t", "60", "-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-o", settings], ct);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, OwnerFile), Environment.ProcessId.ToString(), ct);
        logger.LogInformation("Started PostgreSQL on 127.0.0.1:{Port} with data in {DataDirectory}", port, dataDirectory);
        return new EmbeddedPostgres(dataDirectory, binDirectory, port, owned: true, throwaway, logger);
    }

    static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    /// Stops the server if this process owns it (or its owner died) and nobody else is connected. While another
    /// process still uses it, ownership passes on: the last one to leave stops it.
    public async ValueTask DisposeAsync()
    {
        if (!owned && OwnerIsAlive(DataDirectory))
            return;
        try
        {
            if (await OtherClientsAsync() > 0)
            {
                if (owned)
                    File.Delete(Path.Combine(DataDirectory, OwnerFile));
                logger.LogInformation("Leaving PostgreSQL in {DataDirectory} running for the processes still using it", DataDirectory);
                return;
            }
            await RunAsync(binDirectory, "pg_ctl", ["stop", "-w", "-m", "fast", "-D", DataDirectory], CancellationToken.None);
            logger.LogInformation("Stopped PostgreSQL in {DataDirectory}", DataDirectory);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or IOException)
        {
            // Ctrl+C reaches the server too and it may already be down; anything else is worth a line in the log.
            logger.LogWarning(ex, "Stopping PostgreSQL in {DataDirectory} failed", DataDirectory);
        }
        if (deleteOnStop)
        {
            Directory.Delete(DataDirectory, recursive: true);
            File.Delete(DataDirectory + ".lock");
        }
    }

    async Task<long> OtherClientsAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=5");
        await conn.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()", conn);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// Password authentication even on loopback: other accounts on this machine must not read the comments.
    static async Task InitAsync(string dataDirectory, string binDirectory, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
            throw new InvalidOperationException($"{dataDirectory} is not empty and holds no PostgreSQL cluster; choose another Database:DataDirectory.");
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passwordFile, password, ct);
            if (IsRoot)
                await RunAsync("/bin", "chown", ["postgres:postgres", dataDirectory, passwordFile], ct, asPostgres: false);
            await RunAsync(binDirectory, "initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync"], ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
        var kept = Path.Combine(dataDirectory, PasswordFile);
        await File.WriteAllTextAsync(kept, password, ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogInformation("Created a PostgreSQL cluster in {DataDirectory}", dataDirectory);
    }

    static async Task<int?> TryReadRunningPortAsync(string dataDirectory, string binDirectory, CancellationToken ct)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        var (exitCode, _) = await TryRunAsync(binDirectory, "pg_ctl", ["status", "-D", dataDirectory], ct);
        if (exitCode != 0)
            return null;
        // Line 4 of postmaster.pid is the port the server listens on.
        var lines = await File.ReadAllLinesAsync(pidFile, ct);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    /// A killed owner can linger as a zombie until its parent reaps it, so /proc's state letter decides, not the pid.
    static bool OwnerIsAlive(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, OwnerFile);
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file), out var pid) || pid == Environment.ProcessId)
            return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or '\0');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// Folders this process creates on the way are traversable, so the nearest existing one decides.
    static async Task<bool> PostgresUserCanReachAsync(string dataDirectory, CancellationToken ct)
    {
        var existing = dataDirectory;
        while (!Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing)!;
        return (await TryRunAsync("/usr/bin", "test", ["-x", existing], ct)).ExitCode == 0;
    }

    static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException($"No PostgreSQL binaries under {root}. Install PostgreSQL (apt-get install postgresql) or set ConnectionStrings__Moderation to a server.");
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task RunAsync(string directory, string command, string[] args, CancellationToken ct, bool asPostgres = true)
    {
        var (exitCode, output) = await TryRunAsync(directory, command, args, ct, asPostgres);
        if (exitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed with exit code {exitCode}: {output.Trim()}");
    }

    static async Task<(int ExitCode, string Output)> TryRunAsync(string directory, string command, string[] args, CancellationToken ct, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsRoot && asPostgres)
        {
            start.FileName = "runuser";
            foreach (var arg in (string[])["-u", "postgres", "--", Path.Combine(directory, command)])
                start.ArgumentList.Add(arg);
        }
        else
        {
            start.FileName = Path.Combine(directory, command);
        }
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
