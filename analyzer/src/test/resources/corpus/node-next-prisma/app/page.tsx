export default function Home() {
  return <main>Notes</main>;
}
