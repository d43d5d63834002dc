package dev.eventlog.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

/**
 * The real WAR that Maven built, plus the test classes and their libraries: tests exercise
 * exactly what ships, never a hand-assembled subset of it.
 */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive eventlog() {
        File war = new File(System.getProperty("eventlog.war", "target/eventlog.war"));
        File[] awaitility = Maven.resolver().loadPomFromFile("pom.xml")
                .resolve("org.awaitility:awaitility").withTransitivity().asFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addPackage(Deployments.class.getPackage())
                .addAsLibraries(awaitility);
    }
}
