package dev.wirewatch.launcher.demo;

import java.util.List;

/**
 * The stories of the demo news site, written for this project: news about the demo's tracked topics (CECOT, term
 * limits, Bukele, MS-13, Pegasus spyware) and unrelated news, in English and Spanish.
 *
 * <p>Slots in braces vary per published item so that every item is a new article: {@code {n}} a number,
 * {@code {day}} a weekday, {@code {place}} a place of the story's language.
 */
final class DemoStories {

    /**
     * One story template.
     *
     * @param feed the feed that publishes it: world (English RSS), americas (English Atom), noticias (Spanish RSS)
     * @param wire whether the story is wire copy that a second feed republishes with small edits
     */
    record Story(String feed, String language, String headline, String author, List<String> paragraphs, boolean wire) {
    }

    static final List<String> DAYS_EN = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
    static final List<String> DAYS_ES = List.of("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo");
    static final List<String> PLACES_EN = List.of("San Salvador", "Washington", "Geneva", "Mexico City", "Tegucigalpa", "Madrid");
    static final List<String> PLACES_ES = List.of("San Salvador", "Santa Ana", "San Miguel", "Tecoluca", "Guatemala", "Ciudad de México");

    static final List<Story> STORIES = List.of(
            new Story("world", "en", "Rights groups ask for access to El Salvador's CECOT mega-prison", "Ana Martínez", List.of(
                    "Human rights organisations renewed their call on {day} for independent monitors to be allowed inside the Terrorist Confinement Center, the maximum-security prison in Tecoluca.",
                    "The groups said {n} families had filed petitions in the past month asking for news of relatives transferred to the facility.",
                    "Officials in {place} said the prison meets international standards and that visits are restricted for security reasons.",
                    "The prison, known by its Spanish acronym CECOT, was opened in 2023 and can hold up to 40,000 inmates."), true),
            new Story("noticias", "es", "Familias de detenidos piden información sobre traslados al CECOT", "Redacción", List.of(
                    "Un grupo de {n} familias se concentró el {day} frente a la Fiscalía en {place} para exigir información sobre sus parientes.",
                    "Los manifestantes aseguraron que no han recibido noticias desde que los detenidos fueron trasladados al Centro de Confinamiento del Terrorismo.",
                    "Organizaciones de derechos humanos señalaron que el acceso de abogados sigue restringido.",
                    "El Gobierno sostiene que la cárcel de máxima seguridad cumple con los estándares internacionales."), false),
            new Story("americas", "en", "Bukele's party moves to extend presidential term", "James Whitfield", List.of(
                    "Lawmakers allied with President Nayib Bukele approved on {day} a constitutional amendment that lengthens the presidential term to six years.",
                    "Critics said the change, passed with {n} votes, clears the way for indefinite reelection and erodes the country's checks and balances.",
                    "Supporters in {place} argued that voters had given the governing party a clear mandate.",
                    "Opposition deputies said they would challenge the reform before international bodies."), true),
            new Story("noticias", "es", "Asamblea aprueba reforma que habilita la reelección indefinida", "Carla Hernández", List.of(
                    "La Asamblea Legislativa aprobó este {day} una reforma constitucional que permite la reelección indefinida del presidente.",
                    "La reforma, respaldada por {n} diputados, amplía además el período presidencial a seis años.",
                    "Juristas consultados en {place} advirtieron que la medida concentra el poder en el Ejecutivo.",
                    "El presidente Bukele celebró la votación en redes sociales."), false),
            new Story("world", "en", "Spyware found on phones of Central American journalists", "Priya Raman", List.of(
                    "Researchers said on {day} they had found traces of Pegasus on the phones of {n} reporters and editors.",
                    "The analysis, shared with reporters in {place}, attributed the infections to a government client of the Israeli firm NSO Group.",
                    "NSO Group said it sells its spyware only to vetted government agencies to fight crime and terrorism.",
                    "Press freedom groups called for a moratorium on the sale of surveillance technology."), true),
            new Story("noticias", "es", "Periodistas denuncian espionaje con el programa Pegasus", "Redacción", List.of(
                    "Un informe publicado el {day} confirmó que {n} periodistas fueron infectados con el programa espía Pegasus.",
                    "Los investigadores atribuyeron los ataques a un cliente gubernamental de la empresa NSO.",
                    "Las asociaciones de prensa de {place} exigieron una investigación independiente."), false),
            new Story("americas", "en", "MS-13 leaders extradited to the United States", "Daniel Ortiz", List.of(
                    "Authorities handed over {n} alleged leaders of the Mara Salvatrucha to U.S. marshals on {day}.",
                    "Prosecutors in {place} accuse the men of directing the gang's operations from prison.",
                    "The extraditions come as officials say gang violence has fallen sharply under the state of exception."), true),
            new Story("noticias", "es", "Capturan a {n} presuntos pandilleros de la MS-13 en {place}", "Redacción", List.of(
                    "La Policía Nacional Civil informó el {day} de la captura de {n} presuntos miembros de la Mara Salvatrucha.",
                    "Según las autoridades, los detenidos serán procesados por agrupaciones ilícitas.",
                    "El régimen de excepción lleva más de tres años vigente."), false),
            new Story("world", "en", "Bitcoin law changes as IMF deal is reviewed", "Laura Chen", List.of(
                    "El Salvador's government on {day} presented further changes to its bitcoin law as the International Monetary Fund reviewed a loan programme.",
                    "President Bukele has championed the cryptocurrency since 2021, though its use remains limited.",
                    "Economists in {place} said the {n} million dollar programme depends on tighter public finances."), false),
            // news that no tracked topic should match
            new Story("world", "en", "Heavy rain expected across the region this weekend", "Weather desk", List.of(
                    "Forecasters said on {day} that up to {n} millimetres of rain could fall in coastal areas.",
                    "Residents of {place} were advised to avoid low-lying roads.",
                    "The rainy season has been wetter than average this year."), false),
            new Story("americas", "en", "Coffee exporters report a strong harvest", "Market desk", List.of(
                    "Growers said on {day} that exports had risen {n} percent compared with last season.",
                    "Traders in {place} attributed the increase to favourable weather and higher prices.",
                    "Smallholders said rising costs of fertiliser remain a concern."), false),
            new Story("world", "en", "Astronomers spot a comet visible to the naked eye", "Science desk", List.of(
                    "A newly discovered comet will be visible in the evening sky from {day}, astronomers said.",
                    "Observers in {place} should look low on the western horizon about {n} minutes after sunset.",
                    "The comet last passed near the Sun thousands of years ago."), false),
            new Story("noticias", "es", "La selección se prepara para el partido del {day}", "Deportes", List.of(
                    "El seleccionador convocó a {n} jugadores para el encuentro amistoso en {place}.",
                    "El equipo entrenará a puerta cerrada durante toda la semana.",
                    "La afición espera un buen resultado tras la última victoria."), false),
            new Story("noticias", "es", "Suben las exportaciones de café en el último trimestre", "Economía", List.of(
                    "Las exportaciones de café crecieron un {n} por ciento, informó el {day} el consejo del sector.",
                    "Los productores de {place} atribuyen el aumento a mejores precios internacionales.",
                    "El sector pide apoyo para renovar los cafetales afectados por la roya."), false),
            new Story("americas", "en", "New bridge opens after two years of works", "Metro desk", List.of(
                    "A {n}-metre bridge linking two districts of {place} opened to traffic on {day}.",
                    "Officials said the bridge will cut commuting times by half.",
                    "Residents had complained about delays and rising costs during construction."), false));

    private DemoStories() {
    }
}
