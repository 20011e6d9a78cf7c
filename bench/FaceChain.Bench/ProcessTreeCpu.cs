using System.Globalization;

namespace FaceChain.Bench;

/// <summary>
/// CPU time used so far by this process and every process below it (Azurite's node process with the embedded
/// backends), from /proc. Work per job in CPU seconds does not depend on what else shares the cores, unlike wall time.
/// </summary>
public static class ProcessTreeCpu
{
    /// <summary>CPU seconds (user + system) of this process and its descendants; null where /proc is not available.</summary>
    public static double? Seconds()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return null;
        }

        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue; // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        var self = Environment.ProcessId;
        var total = 0L;
        foreach (var (pid, used) in ticks)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            {
                if (p == self)
                {
                    total += used;
                    break;
                }
            }
        }

        // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every common configuration.
        return total / 100.0;
    }
}
