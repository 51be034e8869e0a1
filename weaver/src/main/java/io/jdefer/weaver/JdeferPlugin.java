package io.jdefer.weaver;

import net.bytebuddy.build.Plugin;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;

/**
 * Build-time weaving: a Byte Buddy {@link Plugin} for {@code byte-buddy-maven-plugin} (or the
 * Gradle plugin) that rewrites classes exactly as the jdefer agent does with {@code opencoded=false},
 * so no {@code -javaagent} is needed at run time; woven classes need only {@code jdefer-runtime}.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>net.bytebuddy</groupId>
 *   <artifactId>byte-buddy-maven-plugin</artifactId>
 *   <version>1.18.7</version>
 *   <executions><execution><goals><goal>transform</goal></goals></execution></executions>
 *   <configuration>
 *     <transformations><transformation>
 *       <plugin>io.jdefer.weaver.JdeferPlugin</plugin>
 *       <groupId>io.jdefer</groupId><artifactId>jdefer-weaver</artifactId><version>${jdefer.version}</version>
 *     </transformation></transformations>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * With {@code <arguments><argument><index>0</index><value>true</value></argument></arguments>} in
 * the transformation it also prints each woven class and each frame method's decision
 * ({@code [jdefer] rewrote ...}), as the agent's {@code verbose=true} does; warnings are always
 * printed.
 *
 * <p>The rewrite inside is the agent's, carried in this jar under {@code io.jdefer.weaver.internal},
 * so weaving works in a build tool that itself runs under the jdefer agent: nothing here can be
 * resolved from the agent jar on that JVM's class path.
 */
public final class JdeferPlugin implements Plugin.WithPreprocessor {
    // io.jdefer.agent.JdeferPlugin before shading, io.jdefer.weaver.internal.JdeferPlugin in the jar
    private final Plugin.WithPreprocessor rewrite;

    /** Created by the build plugin without arguments: warnings only. */
    public JdeferPlugin() {
        this(false);
    }

    /**
     * Created by the build plugin with the transformation's argument 0.
     *
     * @param verbose also print each woven class and each frame method's decision
     */
    @SuppressWarnings("deprecation")
    public JdeferPlugin(boolean verbose) {
        this.rewrite = new io.jdefer.agent.JdeferPlugin(verbose);
    }

    @Override
    public void onPreprocess(TypeDescription typeDescription, ClassFileLocator classFileLocator) {
        rewrite.onPreprocess(typeDescription, classFileLocator);
    }

    @Override
    public boolean matches(TypeDescription target) {
        return rewrite.matches(target);
    }

    @Override
    public DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, TypeDescription typeDescription,
            ClassFileLocator classFileLocator) {
        return rewrite.apply(builder, typeDescription, classFileLocator);
    }

    @Override
    public void close() throws java.io.IOException {
        rewrite.close();
    }
}
