export default function Home() {
  return <p>platform</p>;
}
