using System.Text.Json.Serialization;
using Dapper;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Moderation.Extraction;
using Moderation.Host.Api;
using Moderation.Host.Worker;
using Moderation.Host.Security;
using Moderation.Ingestion;
using Moderation.Labels;
using Moderation.Queue;
using Moderation.Scoring;
using Moderation.Storage;
using Npgsql;

namespace Moderation.Host;

/// The web host and the PostgreSQL it may have started for itself, stopped together.
public sealed class ModerationApp : IAsyncDisposable
{
    ModerationApp(WebApplication app, EmbeddedPostgres? postgres)
    {
        App = app;
        Postgres = postgres;
    }

    public WebApplication App { get; }

    public EmbeddedPostgres? Postgres { get; }

    /// Builds the host, starting a private PostgreSQL when no connection string is configured, and applies the
    /// migrations before anything is served. Tests use configure to replace services, and args for settings.
    public static async Task<ModerationApp> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json lives beside the binary; relative paths in it (inbox, data folder) are the caller's.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        var postgres = await StartDatabaseAsync(builder);
        try
        {
            AddServices(builder);
            configure?.Invoke(builder);
            var app = builder.Build();
            MapRoutes(app);
            var classifier = app.Services.GetRequiredService<IToxicityClassifier>(); // load the model now, not on the first request
            app.Logger.LogInformation("Scoring with model {ModelVersion}", classifier.ModelVersion);
            await Migrator.ApplyAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), app.Logger, CancellationToken.None);
            if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.OpenUntilFirstKey
                && !await app.Services.GetRequiredService<Moderation.Security.ApiKeyStore>().AnyEverAsync(CancellationToken.None))
                app.Logger.LogWarning("No API key exists yet: requests from this machine are let in as admin until one does. " +
                    "Create one with: dotnet run --project src/Moderation.Cli -- keys create --role admin --name NAME");
            return new ModerationApp(app, postgres);
        }
        catch
        {
            if (postgres is not null)
                await postgres.DisposeAsync();
            throw;
        }
    }

    static async Task<EmbeddedPostgres?> StartDatabaseAsync(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Moderation")))
            return null;
        var dataDirectory = builder.Configuration["Moderation:Database:DataDirectory"] ?? ".data/postgres";
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());
        var postgres = await EmbeddedPostgres.StartAsync(dataDirectory, loggerFactory.CreateLogger<EmbeddedPostgres>());
        builder.Configuration["ConnectionStrings:Moderation"] = postgres.ConnectionString;
        return postgres;
    }

    static void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so BadRequestHandler can say what was wrong
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Moderation:Api:MaxBodyBytes", 4L << 20));
        builder.Services.AddOpenApi();
        builder.Services.AddModerationAuth();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddPerKeyRateLimiter();
        var connectionString = builder.Configuration.GetConnectionString("Moderation")!;
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        builder.Services.AddOptions<FlagOptions>().BindConfiguration(FlagOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new FlagPolicy(sp.GetRequiredService<IOptions<FlagOptions>>().Value));
        builder.Services.AddSingleton(sp => LoadClassifier(builder.Configuration["Moderation:Scoring:ModelPath"]));
        builder.Services.AddSingleton(DocumentFormats.Default);
        builder.Services.AddSingleton<DocumentIngester>();
        builder.Services.AddSingleton<ArticleStore>();
        builder.Services.AddSingleton<QueueStore>();
        builder.Services.AddSingleton<ReviewStore>();
        builder.Services.AddSingleton<LabelStore>();
        builder.Services.AddSingleton<LiveCommentStore>();
        builder.Services.AddHostedService<InboxWorker>();
        builder.Services.AddHostedService<LeaseRescuer>();
    }

    /// The model file named in configuration (relative to the working directory: the repository root under dotnet
    /// run). An empty setting chooses the keyword stand-in on purpose; a missing file is an error, not a fallback.
    static IToxicityClassifier LoadClassifier(string? modelPath)
    {
        if (string.IsNullOrWhiteSpace(modelPath))
            return new KeywordClassifier();
        var path = Path.GetFullPath(modelPath);
        if (!File.Exists(path))
            throw new InvalidOperationException($"There is no model at {path}. Train one (models/README.md) or set Moderation:Scoring:ModelPath; an empty value uses the keyword stand-in.");
        return ModelClassifier.Load(path);
    }

    static void MapRoutes(WebApplication app)
    {
        app.UseRequestMetrics(); // outside the exception handler, so it sees the 500 the handler writes
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapMetricsApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapArticlesApi();
        app.MapQueueApi();
        app.MapFlagsApi();
        app.MapScoreApi();
        app.MapCommentsApi();
        app.MapLabelsApi();
        app.MapKeysApi();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (Postgres is not null)
            await Postgres.DisposeAsync();
    }
}
