package io.payments.runtime;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of every child JVM the runtime starts: halts the child when its parent process is
 * gone, so a parent killed with SIGKILL leaves nothing behind, then runs the real main class.
 * Arguments: the parent's pid, the main class, then that class's arguments.
 */
public final class ChildJvmMain {

    private ChildJvmMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                () -> Runtime.getRuntime().halt(3));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
