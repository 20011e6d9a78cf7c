using System.Text.Json;
using FaceChain.Functions.Api;
using FaceChain.Functions.Settings;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Functions.Tests;

/// <summary>
/// The built app as the Functions host will see it: every function in the generated functions.metadata with the right
/// trigger, route, methods, auth level and blob path/source; host.json, local.settings.sample.json and the names the
/// deployment uses (infra/names.json) agreeing with the code.
/// </summary>
public sealed class MetadataTests
{
    private readonly FunctionsMetadata _metadata = FunctionsMetadata.Load();

    private static JsonElement Names() => JsonDocument.Parse(File.ReadAllBytes(BuildFiles.Repository("infra/names.json"))).RootElement;

    [Fact]
    public void The_app_has_exactly_the_api_the_upload_trigger_and_the_pipelines_orchestrator_and_activities()
    {
        var expected = new[]
            {
                FunctionNames.SubmitPortraitJob, FunctionNames.GetPortraitJob, FunctionNames.CancelPortraitJob, FunctionNames.ListStyles, FunctionNames.UploadLora,
                FunctionNames.AnalyzeFaces, FunctionNames.ListModes, FunctionNames.WebPage, FunctionNames.StartJobFromUpload, FunctionNames.RelayDiffusionResult,
            }
            .Concat(PortraitTasks.Orchestrators.Select(o => o.Name))
            .Concat(PortraitTasks.Activities.Select(a => a.Name));

        Assert.Equal(expected.Order(StringComparer.Ordinal), _metadata.Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(FunctionNames.SubmitPortraitJob, "portraits", "post")]
    [InlineData(FunctionNames.GetPortraitJob, "portraits/{id}", "get")]
    [InlineData(FunctionNames.CancelPortraitJob, "portraits/{id}", "delete")]
    [InlineData(FunctionNames.ListStyles, "styles", "get")]
    [InlineData(FunctionNames.UploadLora, "loras", "post")]
    [InlineData(FunctionNames.AnalyzeFaces, "faces", "post")]
    [InlineData(FunctionNames.ListModes, "modes", "get")]
    public void Each_http_function_has_its_route_method_and_function_level_auth(string function, string route, string method)
    {
        var trigger = _metadata.Trigger(function);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Contains("http", _metadata.BindingTypes(function));
        Assert.Equal(function is not (FunctionNames.ListStyles or FunctionNames.UploadLora or FunctionNames.AnalyzeFaces or FunctionNames.ListModes),
            _metadata.BindingTypes(function).Contains("durableClient"));
    }

    [Fact]
    public void The_web_page_is_the_one_anonymous_function_and_gets_only()
    {
        var anonymous = _metadata.HttpOperations().Where(o => _metadata.Trigger(o.Function).GetProperty("authLevel").GetString() != "Function").ToList();

        Assert.Equal([($"/{ApiRoutes.Prefix}/web/{{file}}", "get", FunctionNames.WebPage)], anonymous);
        Assert.Equal("Anonymous", _metadata.Trigger(FunctionNames.WebPage).GetProperty("authLevel").GetString());
    }

    [Fact]
    public void The_upload_trigger_is_an_event_grid_blob_trigger_on_inputs_under_the_deployed_name()
    {
        var names = Names();
        var name = names.GetProperty("functions").GetProperty("blobUploadTrigger").GetString()!;
        var trigger = _metadata.Trigger(name);

        Assert.Equal(FunctionNames.StartJobFromUpload, name);
        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(names.GetProperty("blobContainers").GetProperty("inputs").GetString() + "/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal(StartJobFromUploadFunction.BlobPath, trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal(names.GetProperty("settings").GetProperty("storageConnection").GetString(), trigger.GetProperty("connection").GetString());
        Assert.Contains("durableClient", _metadata.BindingTypes(name));
    }

    [Fact]
    public void The_orchestrators_and_activities_have_durable_triggers_under_the_pipelines_names()
    {
        Assert.All(PortraitTasks.Orchestrators, o => Assert.Equal("orchestrationTrigger", _metadata.Trigger(o.Name).GetProperty("type").GetString()));
        Assert.All(PortraitTasks.Activities, a => Assert.Equal("activityTrigger", _metadata.Trigger(a.Name).GetProperty("type").GetString()));
    }

    [Fact]
    public void The_result_relay_is_a_queue_trigger_on_the_deployed_results_queue()
    {
        var trigger = _metadata.Trigger(FunctionNames.RelayDiffusionResult);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(Names().GetProperty("queues").GetProperty("diffusionResults").GetString(), trigger.GetProperty("queueName").GetString());
        Assert.Equal(AppSettingNames.StorageConnection, trigger.GetProperty("connection").GetString());
        Assert.Contains("durableClient", _metadata.BindingTypes(FunctionNames.RelayDiffusionResult));
    }

    [Fact]
    public void App_setting_names_and_the_task_hub_are_the_ones_infra_names_json_deploys()
    {
        var settings = Names().GetProperty("settings");

        Assert.Equal(AppSettingNames.StorageConnection, settings.GetProperty("storageConnection").GetString());
        Assert.Equal(AppSettingNames.TaskHubName, settings.GetProperty("taskHubName").GetString());
        Assert.Equal(AppSettingNames.ModelSetName, settings.GetProperty("modelSetName").GetString());
        Assert.Equal(AppSettingNames.ModelCachePath, settings.GetProperty("modelCachePath").GetString());
        Assert.Equal(AppSettingNames.DiffusionBackend, settings.GetProperty("diffusionBackend").GetString());
        Assert.Equal(FunctionsAppSettings.DefaultTaskHubName, Names().GetProperty("durableTaskHub").GetString());
    }

    [Fact]
    public void Host_json_is_copied_to_the_output_and_tunes_durable_for_latency()
    {
        var source = File.ReadAllText(BuildFiles.Repository("host.json"));
        Assert.Equal(source, File.ReadAllText(Path.Combine(BuildFiles.FunctionsOutput, "host.json")));
        var host = JsonDocument.Parse(source).RootElement;
        var durable = host.GetProperty("extensions").GetProperty("durableTask");
        var provider = durable.GetProperty("storageProvider");

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal($"%{AppSettingNames.TaskHubName}%", durable.GetProperty("hubName").GetString());
        Assert.True(TimeSpan.Parse(provider.GetProperty("maxQueuePollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(1));
        Assert.Equal(AppSettingNames.StorageConnection, provider.GetProperty("connectionName").GetString());
        Assert.InRange(provider.GetProperty("partitionCount").GetInt32(), 1, 16);
        Assert.True(durable.GetProperty("extendedSessionsEnabled").GetBoolean());
        Assert.Equal(ApiRoutes.Prefix, host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.True(host.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32() >= 1);
        Assert.True(host.GetProperty("logging").GetProperty("logLevel").TryGetProperty("default", out _));
    }

    [Fact]
    public void The_local_settings_sample_sets_every_app_setting_for_core_tools_and_azurite()
    {
        var sample = JsonDocument.Parse(File.ReadAllBytes(BuildFiles.Repository("src/FaceChain.Functions/local.settings.sample.json"))).RootElement;
        var values = sample.GetProperty("Values");

        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty(AppSettingNames.StorageConnection).GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        foreach (var setting in new[] { AppSettingNames.TaskHubName, AppSettingNames.ModelSetName, AppSettingNames.ModelCachePath, AppSettingNames.DiffusionBackend })
        {
            Assert.True(values.TryGetProperty(setting, out _), $"local.settings.sample.json has no {setting}");
        }

        Assert.True(sample.GetProperty("Host").TryGetProperty("CORS", out _));
    }
}
