using FaceChain.Bench;

// One class per benchmark; add a case here to register a new subcommand.
return args.FirstOrDefault() switch
{
    "vision" => VisionBenchmark.Run(args[1..]),
    "identity" => IdentityBenchmark.Run(args[1..]),
    "diffusion" => DiffusionBenchmark.Run(args[1..]),
    "lora" => LoraBenchmark.Run(args[1..]),
    "pose" => PoseBenchmark.Run(args[1..]),
    "orchestration" => OrchestrationBenchmark.Run(args[1..]),
    "gpuworker" => GpuWorkerBenchmark.Run(args[1..]),
    "template" => TemplateBenchmark.Run(args[1..]),
    "gpuworker-child" => GpuWorkerChild.Run(args[1..]),
    "realsize" => RealSizeBenchmark.Run(args[1..]),
    "serve-load" => ServeLoadBenchmark.Run(args[1..]),
    "crash" => OrchestrationCrashBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FaceChain.Bench <vision|identity|diffusion|pose|orchestration|lora|gpuworker|serve-load|crash|realsize|template> [args]");
    return 2;
}
