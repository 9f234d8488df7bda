using BenchmarkDotNet.Running;
using Gateway.Benchmarks;

if (args is ["store", ..])
{
    return await StoreCommitBenchmark.RunAsync(args[1..]);
}

if (args is ["nodes", ..])
{
    return await MultiNodeBenchmark.RunAsync(args[1..]);
}

if (args is ["api", ..])
{
    return await ApiBatchBenchmark.RunAsync(args[1..]);
}

if (args is ["core-alloc", ..])
{
    return await CoreRequestCost.RunAsync(args[1..]);
}

if (args is ["sticks-rate", ..])
{
    return StickTableBenchmarks.PrintUpdatesPerCpuSecond();
}

if (args is ["sticks-shared", ..])
{
    return SharedStickTableBenchmarks.PrintSharedCost(args[1..]);
}

if (args is ["sticks-memory", ..])
{
    return StickTableBenchmarks.PrintMemoryPerEntry();
}

BenchmarkSwitcher.FromAssembly(typeof(SnapshotCompileBenchmarks).Assembly).Run(args);
return 0;
