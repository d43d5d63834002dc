package dev.eventlog.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
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
        // GreenMail alone: Jakarta Mail, Activation and SLF4J come from the server.
        File[] greenmail = Maven.resolver().loadPomFromFile("pom.xml")
                .resolve("com.icegreen:greenmail").withoutTransitivity().asFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addPackage(Deployments.class.getPackage())
                .addAsLibraries(awaitility)
                .addAsLibraries(greenmail)
                // The test receivers use the JDK's HTTP server, which WildFly does not expose by default.
                .addAsWebInfResource(new StringAsset("<jboss-deployment-structure><deployment><dependencies>"
                        + "<module name=\"jdk.httpserver\"/></dependencies></deployment></jboss-deployment-structure>"),
                        "jboss-deployment-structure.xml");
    }
}
